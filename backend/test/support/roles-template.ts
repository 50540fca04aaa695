import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabaseIfMissing } from '../../src/dev-database/embedded-postgres';
import { applyPendingMigrations } from '../../src/database/migrations/migrate';
import { withDatabase } from './test-database';

/** A template database set up the way docker-compose.yml sets one up (db/roles.sql). */
export const ROLES_TEMPLATE_DATABASE = 'incident_platform_roles_template';

/** Reads db/roles.sql: what the database container runs once at creation. */
export const rolesSql = () => readFileSync(join(process.cwd(), 'db/roles.sql'), 'utf8');

/** A connection string for `database` as `role` (password: TEST_ROLE_PASSWORD, set by global setup). */
export function urlAs(adminUrl: string, role: string, database: string): string {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = process.env.TEST_ROLE_PASSWORD ?? '';
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Runs in global setup (the schema engine cannot be loaded inside a test file): creates the
 * two roles with a password of this run, and migrates the template as incidents_owner with
 * the same engine as the app, so that the tests of the app's role start from what a
 * deployment has.
 */
export async function prepareRolesTemplate(adminUrl: string): Promise<void> {
  process.env.TEST_ROLE_PASSWORD = randomBytes(12).toString('hex');
  await withDatabase(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${ROLES_TEMPLATE_DATABASE} WITH (FORCE)`));
  await createDatabaseIfMissing(adminUrl, ROLES_TEMPLATE_DATABASE);
  const superuser = new URL(adminUrl);
  superuser.pathname = `/${ROLES_TEMPLATE_DATABASE}`;
  await withDatabase(superuser.toString(), async (client) => {
    await client.query(rolesSql());
    // What init-roles.sh does with the passwords of the compose environment.
    for (const role of ['incidents_owner', 'incidents_app']) {
      await client.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD '${process.env.TEST_ROLE_PASSWORD}'`);
    }
  });
  await applyPendingMigrations(urlAs(adminUrl, 'incidents_owner', ROLES_TEMPLATE_DATABASE));
}
