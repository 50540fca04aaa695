import type { Pool } from 'pg';
import { createPgPool } from '../src/database/pg-pool';
import { createTestDatabase } from './support/test-database';

describe('the shared PostgreSQL pool', () => {
  let database: { url: string; drop(): Promise<void> };
  let pool: Pool;
  let admin: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPgPool(database.url, 2);
    admin = createPgPool(database.url, 1);
  });

  afterAll(async () => {
    await pool.end();
    await admin.end();
    await database.drop();
  });

  it('survives a connection that dies while checked out, and replaces it', async () => {
    const client = await pool.connect();
    await client.query('BEGIN');
    await admin.query('SELECT pg_terminate_backend($1)', [(client as unknown as { processID: number }).processID]);
    // The client notices the closed socket between queries: an 'error' event nobody expected.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release();
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    expect(pool.totalCount).toBe(1);
  });
});
