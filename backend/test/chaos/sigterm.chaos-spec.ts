import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/dev-database/embedded-postgres';
import { freePort } from '../../src/dev-database/free-port';
import { startAppProcess } from '../support/app-process';
import { createApiKey, missing, sleep, startIngestLoop, storedMessages } from './chaos-support';

describe('SIGTERM under load', () => {
  let dataDir: string;
  let pg: RunningPostgres;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chaos-sigterm-'));
    pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'chaos' });
  });
  afterAll(async () => {
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops accepting, finishes in-flight writes and exits 0 within 10 s', async () => {
    const app = await startAppProcess({ DATABASE_URL: pg.url });
    const apiKey = await createApiKey(pg.url);
    const loop = startIngestLoop(() => app.baseUrl, apiKey, 'chaos-sigterm', 50);
    await sleep(2000);
    const started = Date.now();
    const code = await app.stop('SIGTERM');
    const elapsed = Date.now() - started;
    await loop.stop();
    expect(code).toBe(0);
    expect(elapsed).toBeLessThan(10_000);
    expect(loop.acknowledged.size).toBeGreaterThan(100);
    const stored = await storedMessages(pg.url, 'chaos-sigterm');
    expect(missing(loop.acknowledged, stored)).toEqual([]);
  });
});
