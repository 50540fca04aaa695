import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { LogRetentionService } from '../src/logs/log-retention.service';
import { addDays, isoDay, startOfUtcDay } from '../src/logs/partition-days';
import { ROLES_TEMPLATE_DATABASE, rolesSql, urlAs } from './support/roles-template';
import { startTestApp, type TestApp } from './support/test-app';
import { withDatabase } from './support/test-database';

/**
 * db/roles.sql, the roles docker-compose.yml creates, against a real PostgreSQL: the template
 * was migrated as incidents_owner (not a superuser) by global setup; here the app runs as
 * incidents_app, which can do its work but cannot change the schema or get around triggers.
 */
describe('database roles: migrations as the owner, the app with row privileges only', () => {
  const admin = process.env.TEST_ADMIN_DATABASE_URL!;
  const database = `roles_${randomBytes(4).toString('hex')}`;
  let t: TestApp;
  let app: Client;

  beforeAll(async () => {
    await withDatabase(admin, (client) => client.query(`CREATE DATABASE ${database} TEMPLATE ${ROLES_TEMPLATE_DATABASE}`));
    // A copy does not inherit the database's own grants: running the script again (it is
    // meant to be safe on an existing database) puts them back.
    const superuser = new URL(admin);
    superuser.pathname = `/${database}`;
    await withDatabase(superuser.toString(), (client) => client.query(rolesSql()));
    t = await startTestApp({ databaseUrl: urlAs(admin, 'incidents_app', database) });
    app = new Client({ connectionString: urlAs(admin, 'incidents_app', database) });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await t?.close();
    await withDatabase(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('lets the app ingest logs, open and acknowledge an incident, with its timeline', async () => {
    const ingest = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      body: [1, 2, 3].map((n) => ({ service_id: 'roles-svc', level: 'ERROR', message: `failure ${n}` })),
    });
    expect(ingest.status).toBe(201);
    expect((await app.query(`SELECT count(*)::int AS n FROM logs WHERE service_id = 'roles-svc'`)).rows[0].n).toBe(3);

    const created = await t.request('POST', '/incidents', { token: t.tokens.responder, body: { title: 'Roles', severity: 'HIGH' } });
    expect(created.status).toBe(201);
    const acked = await t.request('POST', `/incidents/${created.body.id}/acknowledge`, { token: t.tokens.responder });
    expect(acked.status).toBe(200);
    const timeline = await t.request('GET', `/incidents/${created.body.id}/timeline`, { token: t.tokens.viewer });
    expect(timeline.text).toContain('acknowledged');
  });

  it('creates and drops log partitions as the app, through the owner functions only', async () => {
    const { rows } = await app.query(
      `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'logs'::regclass AND c.relname <> 'logs_default'`,
    );
    // Created at boot by the app (LogPartitionsService), owned by incidents_owner.
    expect(rows.length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.owner))).toEqual(new Set(['incidents_owner']));

    const old = addDays(startOfUtcDay(new Date()), -60);
    await app.query('SELECT ensure_log_partitions($1::date, $1::date)', [isoDay(old)]);
    const name = `logs_p${isoDay(old).replace(/-/g, '')}`;
    const report = await t.app.get(LogRetentionService).applyRetention();
    expect(report.droppedPartitions).toContain(name);
    expect((await app.query('SELECT to_regclass($1) AS present', [name])).rows[0].present).toBeNull();
    // Any other table is out of the function's reach.
    expect((await app.query(`SELECT drop_log_partition('users') AS dropped`)).rows[0].dropped).toBe(false);
    expect((await app.query(`SELECT drop_log_partition('logs_default') AS dropped`)).rows[0].dropped).toBe(false);
  });

  it.each([
    ['disable the append-only trigger', 'ALTER TABLE incident_events DISABLE TRIGGER incident_events_append_only', /must be owner/],
    ['drop the append-only trigger', 'DROP TRIGGER incident_events_append_only ON incident_events', /must be owner/],
    ['skip triggers for the session', 'SET session_replication_role = replica', /permission denied/],
    ['truncate the timeline', 'TRUNCATE incident_events', /permission denied/],
    ['drop a table', 'DROP TABLE incidents CASCADE', /must be owner/],
    ['alter a table', 'ALTER TABLE users ADD COLUMN backdoor text', /must be owner/],
    [
      'replace a trigger function',
      `CREATE OR REPLACE FUNCTION refuse_timeline_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
      /permission denied for schema public/,
    ],
    ['create a table', 'CREATE TABLE stash (id int)', /permission denied for schema public/],
    ['create a temporary table', 'CREATE TEMP TABLE stash (id int)', /permission denied to create temporary tables/],
    ['change a timeline entry', `UPDATE incident_events SET body = 'rewritten'`, /append-only/],
    ['delete a timeline entry', 'DELETE FROM incident_events', /append-only/],
    ['disable the audit trail trigger', 'ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only', /must be owner/],
    ['skip the audit time stamp', 'ALTER TABLE audit_events DISABLE TRIGGER audit_events_stamp', /must be owner/],
    ['change an audit entry', `UPDATE audit_events SET action = 'user.nothing'`, /append-only/],
    ['delete a recent audit entry', 'DELETE FROM audit_events', /append-only/],
    ['truncate the audit trail', 'TRUNCATE audit_events', /permission denied|append-only/],
  ])('refuses to let the app %s', async (_what, sql, error) => {
    await expect(app.query(sql)).rejects.toThrow(error);
  });
});
