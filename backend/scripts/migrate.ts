// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or to the embedded
// PostgreSQL when it is unset) and does nothing else. The app does the same at boot.
import 'dotenv/config';
import { loadConfig } from '../src/config/config.schema';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { locateDatabase } from '../src/database/prepare-database';

async function main(): Promise<void> {
  const database = await locateDatabase(loadConfig(process.env));
  try {
    const applied = await applyPendingMigrations(database.url, console.log);
    console.log(applied.length ? `${applied.length} migration(s) applied` : 'Database is up to date');
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
