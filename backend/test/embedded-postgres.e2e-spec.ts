import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../src/dev-database/embedded-postgres';
import { PORT_FILE } from '../src/dev-database/embedded-port';
import { freePort } from '../src/dev-database/free-port';
import { withDatabase } from './support/test-database';

/** Another program on a port: a second checkout's database, a local PostgreSQL. */
async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

const portOf = (url: string) => Number(new URL(url).port);
const remembered = async (dataDir: string) => JSON.parse(await readFile(join(dataDir, PORT_FILE), 'utf8')) as { port: number };
const answers = (url: string) => withDatabase(url, async (client) => (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one);

// The development database of `npm start` (no DATABASE_URL): one cluster for the file, started
// and stopped like consecutive `npm start`s. Ports come from the system, never the real 5433,
// which a developer's own server may be using on this machine.
describe('the embedded PostgreSQL on a busy port', () => {
  let dataDir: string;
  const blockers: Server[] = [];
  const running: RunningPostgres[] = [];
  const start = async (options: { port?: number; defaultPort?: number }) => {
    const pg = await startEmbeddedPostgres({ dataDir, database: 'incidents', ...options });
    running.push(pg);
    return pg;
  };
  const stopAll = async () => {
    for (const pg of running.splice(0)) await pg.stop();
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-port-'));
  });
  afterEach(stopAll);
  afterAll(async () => {
    for (const blocker of blockers) await new Promise((resolve) => blocker.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  let usual: number;
  let chosen: number;

  it('starts on a free port when its usual one is taken, and remembers that port', async () => {
    usual = await freePort();
    blockers.push(await occupy(usual));
    const pg = await start({ defaultPort: usual });
    chosen = portOf(pg.url);
    expect(chosen).not.toBe(usual);
    expect(await answers(pg.url)).toBe(1);
    expect(await remembered(dataDir)).toEqual({ port: chosen });
  }, 60_000);

  it('comes back on the remembered port at the next start', async () => {
    const pg = await start({ defaultPort: usual });
    expect(portOf(pg.url)).toBe(chosen);
    expect(await answers(pg.url)).toBe(1);
  }, 60_000);

  it('moves to another free port when the remembered one has been taken meanwhile', async () => {
    blockers.push(await occupy(chosen));
    const pg = await start({ defaultPort: usual });
    const moved = portOf(pg.url);
    expect([usual, chosen]).not.toContain(moved);
    expect(await answers(pg.url)).toBe(1);
    expect(await remembered(dataDir)).toEqual({ port: moved });
  }, 60_000);

  it('adopts a server that an earlier run left running, on the port it listens on', async () => {
    const first = await start({ defaultPort: usual });
    // The earlier run crashed without stopping PostgreSQL; its port is busy, by PostgreSQL itself.
    const again = await startEmbeddedPostgres({ dataDir, database: 'incidents', defaultPort: usual });
    expect(again.url).toBe(first.url);
    expect(await answers(again.url)).toBe(1);
  }, 60_000);

  it('fails naming the port when EMBEDDED_PG_PORT is set to a busy one, rather than moving', async () => {
    await expect(start({ port: usual })).rejects.toThrow(`PostgreSQL did not start (port ${usual} busy?)`);
  }, 60_000);
});
