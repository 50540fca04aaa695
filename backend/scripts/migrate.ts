// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or to the embedded
// PostgreSQL when it is unset) and does nothing else. The app does the same at boot.
import 'dotenv/config';
import { loadConfig } from '../src/config/config.schema';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { locateDatabase } from '../src/database/prepare-database';

// Only the database settings: migrations do not need the app's secrets (JWT_SECRET,
// ENCRYPTION_KEY), and the role that runs them should not be given them.
const DATABASE_SETTINGS = ['DATABASE_URL', 'DATA_DIR', 'EMBEDDED_PG_PORT'];

async function main(): Promise<void> {
  const database = await locateDatabase(loadConfig(Object.fromEntries(DATABASE_SETTINGS.map((name) => [name, process.env[name]]))));
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
