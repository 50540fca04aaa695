import { Client } from 'pg';
import { eventually } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';
import { withDatabase } from './support/test-database';

const log = (service: string) => ({ service_id: service, level: 'INFO', message: 'checkout completed' });

describe('readiness reports the ingest write path', () => {
  let t: TestApp;
  const ingest = () => t.request('POST', '/ingest', { apiKey: t.apiKey, body: log('write-path') });
  const databaseName = () => new URL(t.databaseUrl).pathname.slice(1);
  // New settings reach only new sessions: end the app's, its pool reconnects under them.
  const reconnectApp = () =>
    withDatabase(t.databaseUrl, (client) =>
      client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'),
    );

  beforeAll(async () => {
    // 1 s write timeout: a commit stuck behind a lock is given up quickly (default 5 s).
    t = await startTestApp({ env: { INGEST_WRITE_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => t?.close());

  it('goes 503 while the logs table is locked (reads still work), and 200 again once a commit succeeds', async () => {
    expect((await t.request('GET', '/health/ready')).status).toBe(200);
    const locker = new Client({ connectionString: t.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE logs IN ACCESS EXCLUSIVE MODE');
      expect((await ingest()).status).toBe(503);
      const ready = await t.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(JSON.stringify(ready.body)).toContain('write_path');
      // Liveness is not readiness: the process is fine.
      expect((await t.request('GET', '/health')).status).toBe(200);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await ingest()).status).toBe(201);
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.write_path).toMatchObject({ status: 'up' });
  });

  it('goes 503 while the database answers SELECT 1 but refuses writes (read-only), and logs are refused with 503, not 500', async () => {
    await withDatabase(t.databaseUrl, (client) => client.query(`ALTER DATABASE ${databaseName()} SET default_transaction_read_only = on`));
    try {
      await reconnectApp();
      const refused = await eventually(async () => {
        const res = await ingest();
        return res.status !== 201 && res;
      });
      expect(refused.status).toBe(503);
      await eventually(async () => (await ingest()).status === 503 && (await t.request('GET', '/health/ready')).status === 503);
      const ready = await t.request('GET', '/health/ready');
      expect(JSON.stringify(ready.body)).toContain('write_path');
    } finally {
      await withDatabase(t.databaseUrl, async (client) => {
        await client.query('SET default_transaction_read_only = off');
        await client.query(`ALTER DATABASE ${databaseName()} RESET default_transaction_read_only`);
      });
      await reconnectApp();
    }
    await eventually(async () => (await ingest()).status === 201);
    expect((await t.request('GET', '/health/ready')).status).toBe(200);
  });
});
