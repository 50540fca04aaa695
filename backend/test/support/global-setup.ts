import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPendingMigrations } from '../../src/database/migrations/migrate';
import { createDatabaseIfMissing, startEmbeddedPostgres } from '../../src/dev-database/embedded-postgres';
import { freePort } from '../../src/dev-database/free-port';
import { prepareRolesTemplate } from './roles-template';
import { TEMPLATE_DATABASE, withDatabase } from './test-database';

/**
 * One PostgreSQL for the whole run (TEST_DATABASE_URL, or an embedded one in a temporary
 * directory), with a migrated template database. Every test file then clones the template
 * into a database of its own, so files run in parallel without seeing each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  // The e2e and browser projects share this setup: in one run, only the first one does the work.
  const state = globalThis as { __TEST_DATABASE_READY__?: boolean };
  if (state.__TEST_DATABASE_READY__) return;
  state.__TEST_DATABASE_READY__ = true;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'incident-platform-test-'));
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    adminUrl = pg.adminUrl;
    (globalThis as { __EMBEDDED_PG_STOP__?: () => Promise<void> }).__EMBEDDED_PG_STOP__ = async () => {
      await pg.stop();
      const { rm } = await import('node:fs/promises');
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  await withDatabase(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  });
  await createDatabaseIfMissing(adminUrl, TEMPLATE_DATABASE);
  await applyPendingMigrations(databaseUrlFor(adminUrl, TEMPLATE_DATABASE));
  await prepareRolesTemplate(adminUrl);
}

export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
