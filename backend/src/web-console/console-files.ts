import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CONSOLE_PATH = '/console/';

/** The built console's index.html, or undefined when the console was not built. */
export function readConsoleIndex(dir: string): string | undefined {
  const file = join(resolve(dir), 'index.html');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Serves the built files under /console/. `wildcard: false` makes one route per file found at
 * start, so a missing file falls through to ConsoleController (deep links get index.html,
 * a missing asset a 404). Hashed assets never change: cached for a year; the rest is revalidated.
 */
export async function registerConsoleFiles(app: NestFastifyApplication, consoleDir: string): Promise<void> {
  const dir = resolve(consoleDir);
  if (!existsSync(dir)) return;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: CONSOLE_PATH,
    wildcard: false,
    index: false,
    decorateReply: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      const hashed = path.startsWith(join(dir, 'assets'));
      void reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
