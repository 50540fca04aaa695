import type { Pool, PoolClient } from 'pg';

/** Anything that runs SQL: the pool itself, or a client inside a transaction. */
export type Queryable = Pick<PoolClient, 'query'>;

/**
 * Runs `work` in one transaction on one pooled connection. Incident changes use this rather
 * than Prisma's interactive transactions because the timeline entry, the outbox row and the
 * change itself (often an INSERT ... SELECT over logs) must commit together, and detection
 * needs transaction-scoped advisory locks on the same connection.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is discarded instead of returned to the pool.
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs `work` on one pooled connection that holds the session advisory lock `key` for all of
 * it (maintenance jobs: one instance works, the others skip), or returns undefined at once
 * when another session holds it. `work` may run several short transactions on the client. A
 * connection lost meanwhile does not end the process (see createPgPool); the pool drops it.
 */
export async function withSessionLock<T>(pool: Pool, key: number, work: (client: PoolClient) => Promise<T>): Promise<T | undefined> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!rows[0]!.locked) return undefined;
    try {
      return await work(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}

/** Runs `work` inside a savepoint: a failure (e.g. a unique violation) leaves the transaction usable. */
export async function withSavepoint<T>(client: Queryable, name: string, work: () => Promise<T>): Promise<T> {
  await client.query(`SAVEPOINT ${name}`);
  try {
    const result = await work();
    await client.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
