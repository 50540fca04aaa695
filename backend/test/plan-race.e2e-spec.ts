import { Pool } from 'pg';
import { raceQueryPlans } from '../src/logs/plan-race';
import { createTestDatabase } from './support/test-database';

// The "plans" differ by a setting the query reads: one answers at once, the other sleeps.
const QUERY = `SELECT current_setting('race.label') AS label FROM pg_sleep(current_setting('race.sleep')::float8)`;
const plan = (label: string, sleepSeconds: number) => [`SET LOCAL race.label = '${label}'`, `SET LOCAL race.sleep = '${sleepSeconds}'`];

describe('raceQueryPlans (the word search runs two plans at once)', () => {
  let database: { url: string; drop(): Promise<void> };
  let pool: Pool;
  let observer: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    observer = new Pool({ connectionString: database.url, max: 1 });
  });

  afterAll(async () => {
    await pool.end();
    await observer.end();
    await database.drop();
  });

  const sleepingBackends = async () =>
    Number(
      (
        await observer.query(
          `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(current_setting%' AND pid <> pg_backend_pid()`,
        )
      ).rows[0].count,
    );

  it('answers with the first plan to finish, whichever order they were given in', async () => {
    for (const contestants of [
      [plan('slow', 5), plan('fast', 0)],
      [plan('fast', 0), plan('slow', 5)],
    ]) {
      const started = Date.now();
      const rows = await raceQueryPlans<{ label: string }>(pool, QUERY, [], contestants);
      expect(rows).toEqual([{ label: 'fast' }]);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('cancels the loser and gives every connection back to the pool, settings reset', async () => {
    await raceQueryPlans(pool, QUERY, [], [plan('slow', 30), plan('fast', 0.05)]);
    const deadline = Date.now() + 3000;
    while ((await sleepingBackends()) > 0 || pool.idleCount !== pool.totalCount) {
      if (Date.now() > deadline)
        throw new Error(`loser still running or a connection not released (${pool.idleCount}/${pool.totalCount} idle)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const settings = await Promise.all(
      Array.from({ length: pool.totalCount }, () => pool.query(`SELECT current_setting('race.sleep', true) AS sleep`)),
    );
    for (const { rows } of settings) expect(rows[0].sleep ?? '').toBe('');
  });

  it('reports the error itself when every plan fails', async () => {
    await expect(raceQueryPlans(pool, 'SELECT * FROM no_such_table', [], [[], []])).rejects.toMatchObject({ code: '42P01' });
    expect(pool.waitingCount).toBe(0);
  });

  it('fails fast with the connection error itself when the database cannot be reached', async () => {
    const unreachable = new Pool({ connectionString: 'postgresql://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 1000 });
    try {
      const started = Date.now();
      await expect(raceQueryPlans(unreachable, 'SELECT 1', [], [[], []])).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await unreachable.end();
    }
  });
});
