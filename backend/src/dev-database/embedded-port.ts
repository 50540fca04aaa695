import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, isPortFree } from './free-port';

/** First choice for a new data directory: next to PostgreSQL's own 5432, which a local server may hold. */
export const DEFAULT_EMBEDDED_PORT = 5433;

/** Where the port of the last start is kept, in the data directory next to the cluster. */
export const PORT_FILE = 'embedded-pg.json';

export async function rememberedPort(root: string): Promise<number | undefined> {
  const text = await readFile(join(root, PORT_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const { port } = JSON.parse(text) as { port?: unknown };
    return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    // A damaged file only costs the preference: a new port is chosen and written over it.
    return undefined;
  }
}

export async function rememberPort(root: string, port: number): Promise<void> {
  await writeFile(join(root, PORT_FILE), JSON.stringify({ port }) + '\n');
}

/**
 * The port for a server about to start, when none is configured: the one it had last time
 * while that is free (a psql or GUI client set up for it keeps working), else the default
 * while that is free, else whatever free port the system gives. A second checkout or a
 * local PostgreSQL on the default port then costs nothing but a different number.
 */
export async function choosePort(root: string, preferred = DEFAULT_EMBEDDED_PORT): Promise<number> {
  for (const candidate of [await rememberedPort(root), preferred]) {
    if (candidate !== undefined && (await isPortFree(candidate))) return candidate;
  }
  return freePort();
}
