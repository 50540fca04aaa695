import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/dev-database/free-port';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { createApiKey, embeddedUrl, killPostgres, missing, sleep, startIngestLoop, storedMessages } from './chaos-support';

describe('kill -9 of the app and its PostgreSQL during sustained ingest', () => {
  let dataDir: string;
  let app: AppProcess | undefined;
  afterAll(async () => {
    await app?.stop('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every log that was answered 201', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chaos-crash-'));
    const pgPort = await freePort();
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), DATABASE_URL: '' };
    app = await startAppProcess(env);
    const url = await embeddedUrl(dataDir, pgPort);
    const apiKey = await createApiKey(url);
    let baseUrl = app.baseUrl;
    const loop = startIngestLoop(() => baseUrl, apiKey, 'chaos-crash');

    await sleep(3000);
    app.child.kill('SIGKILL');
    await killPostgres(dataDir);
    await sleep(500);
    await loop.stop();
    expect(loop.acknowledged.size).toBeGreaterThan(100);

    app = await startAppProcess({ ...env, PORT: String(app.port) });
    baseUrl = app.baseUrl;
    const stored = await storedMessages(url, 'chaos-crash');
    expect(missing(loop.acknowledged, stored)).toEqual([]);
  });
});
