import { Logger } from '@nestjs/common';
import { Pool } from 'pg';

/** Injection token for the shared node-postgres pool (raw SQL on hot paths, LISTEN, locks). */
export const PG_POOL = Symbol('PG_POOL');

export function createPgPool(connectionString: string, max: number): Pool {
  const pool = new Pool({
    connectionString,
    max,
    // A database that is down must turn into a quick 503, never a hanging request.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // Statements that run longer are cancelled server-side; hot-path queries set tighter limits.
    statement_timeout: 30_000,
    application_name: 'incident-platform',
  });
  const logger = new Logger('PgPool');
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (error) => logger.warn(`idle database connection lost: ${error.message}`));
  // Neither may a checked-out one: pg emits 'error' on the client itself when its connection
  // dies between two queries (inside a transaction, say), and an 'error' event nobody listens
  // to kills the process. Its next query fails instead, and the pool discards it on release
  // because it is no longer queryable.
  pool.on('connect', (client) => client.on('error', (error) => logger.warn(`database connection lost while in use: ${error.message}`)));
  return pool;
}
