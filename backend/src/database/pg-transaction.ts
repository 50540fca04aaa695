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
 * Runs `work` on one pooled connection held for all of it (a session-level advisory lock, a
 * series of short transactions). A connection lost meanwhile does not end the process (see
 * createPgPool) and is discarded by the pool rather than reused.
 */
export async function withConnection<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    // A connection that died meanwhile is not queryable any more: the pool drops it.
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

export const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
};
