// Entry point of the short-lived process that applies migrations at boot (see
// migrate-in-child-process.ts): reports each applied migration to its parent, exits 0 or 1.
import { applyPendingMigrations } from './migrate';

async function main(): Promise<void> {
  const url = process.env.MIGRATE_DATABASE_URL;
  if (!url) throw new Error('MIGRATE_DATABASE_URL is not set');
  await applyPendingMigrations(url, (message) => process.send?.({ log: message }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
