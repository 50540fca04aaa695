import { Client } from 'pg';
import { openSchemaEngine } from './schema-engine';
import { MIGRATIONS_DIR, readMigrationList, SCHEMA_PATH } from './migration-files';

// Any constant will do, as long as every instance uses the same one.
const MIGRATION_LOCK_KEY = 7_241_903_116;

/**
 * Applies the pending migrations of prisma/migrations, exactly as `prisma migrate deploy`
 * would (same SQL, same `_prisma_migrations` bookkeeping). A PostgreSQL advisory lock makes
 * instances that boot at the same time take turns: the first applies, the others find
 * nothing left to do.
 */
export async function applyPendingMigrations(databaseUrl: string, log: (message: string) => void = () => undefined): Promise<string[]> {
  const lockClient = new Client({ connectionString: databaseUrl });
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const { engine, close } = await openSchemaEngine(databaseUrl, SCHEMA_PATH);
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({
        migrationsList: readMigrationList(MIGRATIONS_DIR),
        filters: { externalTables: [], externalEnums: [] },
      });
      for (const name of appliedMigrationNames) log(`applied migration ${name}`);
      return appliedMigrationNames;
    } finally {
      await close();
    }
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockClient.end();
  }
}
