import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/dev-database/embedded-postgres';
import { freePort } from '../../src/dev-database/free-port';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { createApiKey, missing, sleep, startIngestLoop, storedMessages } from './chaos-support';

describe('PostgreSQL stopped during ingest', () => {
  let dataDir: string;
  let pgPort: number;
  let pg: RunningPostgres;
  let app: AppProcess | undefined;
  const startPg = () => startEmbeddedPostgres({ dataDir, port: pgPort, database: 'chaos' });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chaos-outage-'));
    pgPort = await freePort();
    pg = await startPg();
  });
  afterAll(async () => {
    await app?.stop('SIGKILL');
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 within 5 s (never 201, never a hang) and recovers without a restart', async () => {
    app = await startAppProcess({ DATABASE_URL: pg.url });
    const apiKey = await createApiKey(pg.url);
    const loop = startIngestLoop(() => app!.baseUrl, apiKey, 'chaos-outage', 10);
    await sleep(1500);

    await pg.stop();
    const ingestOne = async (message: string) => {
      const started = Date.now();
      const response = await fetch(`${app!.baseUrl}/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify({ service_id: 'chaos-outage', level: 'ERROR', message }),
        signal: AbortSignal.timeout(15_000),
      });
      return { status: response.status, ms: Date.now() - started, retryAfter: response.headers.get('retry-after') };
    };
    const during = await ingestOne('during outage');
    expect(during.status).toBe(503);
    expect(during.ms).toBeLessThan(5000);
    expect(during.retryAfter).toBeTruthy();
    const ready = await fetch(`${app.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);

    pg = await startPg();
    let recovered = false;
    for (let i = 0; i < 40 && !recovered; i++) {
      await sleep(500);
      recovered = (await ingestOne(`after outage ${i}`).catch(() => ({ status: 0 }))).status === 201;
    }
    expect(recovered).toBe(true);
    await loop.stop();

    const stored = await storedMessages(pg.url, 'chaos-outage');
    expect(missing(loop.acknowledged, stored)).toEqual([]);
    expect(stored.has('during outage')).toBe(false);
  });
});
