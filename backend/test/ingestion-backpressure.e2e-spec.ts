import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { GroupCommitWriter } from '../src/ingestion/group-commit-writer';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const log = (service: string, message = 'm') => ({ service_id: service, level: 'INFO', message });

/** Holds a lock that makes every INSERT into logs wait, until released. */
async function blockLogWrites(databaseUrl: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE logs IN EXCLUSIVE MODE');
  return {
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

const countOf = async (t: TestApp, service: string) =>
  Number((await t.pool.query('SELECT count(*) FROM logs WHERE service_id = $1', [service])).rows[0].count);

describe('ingest under pressure', () => {
  describe('with a small queue and one writer', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        env: { INGEST_QUEUE_MAX_LOGS: '100', INGEST_WRITERS: '1', INGEST_BATCH_MAX_ROWS: '1', INGEST_WRITE_TIMEOUT_MS: '8000' },
      });
    });
    afterAll(() => t.close());

    it('answers 503 with Retry-After at once when the queue is full, and stores the queued logs once the database keeps up', async () => {
      const service = unique('pressure');
      const lock = await blockLogWrites(t.databaseUrl);
      try {
        // One request is being written (blocked by the lock), the next 100 logs fill the queue.
        const writer = t.app.get(GroupCommitWriter);
        const inFlight = t.request('POST', '/ingest', { apiKey: t.apiKey, body: log(service, 'first') });
        await until(() => writer.backlog === 1);
        const queued = t.request('POST', '/ingest', {
          apiKey: t.apiKey,
          body: Array.from({ length: 100 }, (_, i) => log(service, `q${i}`)),
        });
        await until(() => writer.backlog === 101);

        const started = Date.now();
        const refused = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: log(service, 'refused') });
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toBe('1');
        expect(refused.body.message).toMatch(/queue is full/);
        expect(Date.now() - started).toBeLessThan(1000);

        await lock.release();
        expect((await inFlight).status).toBe(201);
        expect((await queued).status).toBe(201);
      } finally {
        await lock.release().catch(() => undefined);
      }
      expect(await countOf(t, service)).toBe(101);
    });
  });

  describe('with a short write timeout', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { INGEST_WRITE_TIMEOUT_MS: '1000' } });
    });
    afterAll(() => t.close());

    it('answers 503 (never 201) when the write is not committed within INGEST_WRITE_TIMEOUT_MS', async () => {
      const service = unique('slow');
      const lock = await blockLogWrites(t.databaseUrl);
      try {
        const started = Date.now();
        const response = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: log(service) });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBeTruthy();
        expect(Date.now() - started).toBeLessThan(3000);
      } finally {
        await lock.release();
      }
      const after = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: log(service, 'after') });
      expect(after.status).toBe(201);
    });
  });

  describe('when the database goes away', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ proxy: true });
    });
    afterAll(() => t.close());

    it('answers 503 within 5 s while it is gone and stores logs again once it is back, without a restart', async () => {
      const service = unique('outage');
      expect((await t.request('POST', '/ingest', { apiKey: t.apiKey, body: log(service, 'before') })).status).toBe(201);

      await t.proxy!.cut();
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => t.request('POST', '/ingest', { apiKey: t.apiKey, body: log(service, 'during') })),
      );
      expect(Date.now() - started).toBeLessThan(5000);
      for (const response of responses) {
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBeTruthy();
      }

      await t.proxy!.restore();
      const after = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: log(service, 'after') });
      expect(after.status).toBe(201);
      const { rows } = await t.pool.query('SELECT message FROM logs WHERE service_id = $1 ORDER BY id', [service]);
      expect(rows.map((r) => r.message)).toEqual(['before', 'after']);
    });
  });

  describe('on shutdown', () => {
    it('commits the logs already queued before the app stops, and answers their requests 201', async () => {
      // This test closes the app itself, so it owns the database (a second close would end the pool twice).
      const database = await createTestDatabase();
      const t = await startTestApp({ databaseUrl: database.url });
      const service = unique('draining');
      const lock = await blockLogWrites(t.databaseUrl);
      let closing: Promise<void> | undefined;
      try {
        const pending = Array.from({ length: 20 }, (_, i) =>
          t.request('POST', '/ingest', { apiKey: t.apiKey, body: log(service, `m${i}`) }),
        );
        const writer = t.app.get(GroupCommitWriter);
        await until(() => writer.backlog === 20);
        closing = t.app.close();
        await until(() => !writer.isAccepting);
        const whileDraining = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: log(service, 'late') });
        expect(whileDraining.status).toBe(503);
        expect(whileDraining.body.message).toMatch(/shutting down/);
        await lock.release();
        const responses = await Promise.all(pending);
        expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 201));
        await closing;
        const check = new Client({ connectionString: t.databaseUrl });
        await check.connect();
        const { rows } = await check.query('SELECT count(*) FROM logs WHERE service_id = $1', [service]);
        await check.end();
        expect(Number(rows[0].count)).toBe(20);
      } finally {
        await lock.release().catch(() => undefined);
        await (closing ?? t.app.close()).catch(() => undefined);
        await database.drop();
      }
    });
  });
});
