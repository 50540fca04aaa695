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
  return pool;
}
