import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/** Seeds incidents, logs and their links with plain SQL (the analysis reads them the same way). */

export interface FixtureLog {
  timestamp: Date;
  serviceId: string;
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  message: string;
}

export interface FixtureIncident {
  title?: string;
  description?: string | null;
  severity?: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  status?: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  serviceId?: string | null;
  firstSeenAt?: Date | null;
  lastSeenAt?: Date | null;
}

export const minutesAgo = (minutes: number, from = Date.now()) => new Date(from - minutes * 60_000);

/** Daily partitions around today; rows outside them land in logs_default, which works too. */
export async function ensureLogPartitions(pool: Pool): Promise<void> {
  await pool.query('SELECT ensure_log_partitions(current_date - 2, current_date + 1)');
}

export async function insertIncident(pool: Pool, incident: FixtureIncident = {}): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO incidents (id, title, description, severity, status, service_id, created_by, first_seen_at, last_seen_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'system:fixture', $7, $8, now())`,
    [
      id,
      incident.title ?? 'High error rate on payments',
      incident.description ?? null,
      incident.severity ?? 'HIGH',
      incident.status ?? 'OPEN',
      incident.serviceId === undefined ? 'payments' : incident.serviceId,
      incident.firstSeenAt ?? null,
      incident.lastSeenAt ?? null,
    ],
  );
  return id;
}

/** Inserts logs in one statement; returns their ids and timestamps. */
export async function insertLogs(pool: Pool, logs: FixtureLog[]): Promise<Array<{ id: string; timestamp: Date }>> {
  if (!logs.length) return [];
  const { rows } = await pool.query<{ id: string; timestamp: Date }>(
    `INSERT INTO logs ("timestamp", service_id, level, message)
     SELECT ts, s, l, m FROM unnest($1::timestamptz[], $2::text[], $3::"LogLevel"[], $4::text[]) WITH ORDINALITY AS t(ts, s, l, m, n)
     ORDER BY n
     RETURNING id::text, "timestamp"`,
    [logs.map((l) => l.timestamp), logs.map((l) => l.serviceId), logs.map((l) => l.level), logs.map((l) => l.message)],
  );
  return rows;
}

export async function linkLogs(pool: Pool, incidentId: string, logs: Array<{ id: string; timestamp: Date }>): Promise<void> {
  await pool.query(`INSERT INTO incident_logs (incident_id, log_id, log_ts) SELECT $1, * FROM unnest($2::bigint[], $3::timestamptz[])`, [
    incidentId,
    logs.map((l) => l.id),
    logs.map((l) => l.timestamp),
  ]);
  await pool.query('UPDATE incidents SET log_count = (SELECT count(*) FROM incident_logs WHERE incident_id = $1) WHERE id = $1', [
    incidentId,
  ]);
}

/** An incident whose linked logs are `linked`; `unlinked` logs are inserted too (context, baseline). */
export async function seedIncident(
  pool: Pool,
  incident: FixtureIncident,
  linked: FixtureLog[],
  unlinked: FixtureLog[] = [],
): Promise<string> {
  const id = await insertIncident(pool, incident);
  await linkLogs(pool, id, await insertLogs(pool, linked));
  await insertLogs(pool, unlinked);
  return id;
}

/**
 * `count` realistic logs (mostly of service `serviceId`), spread evenly from `from` over
 * `spanMs`, linked to the incident when one is given: built by generate_series inside
 * PostgreSQL, so 100k rows take seconds rather than a minute of round trips.
 */
export async function seedBulkLogs(
  pool: Pool,
  options: { incidentId: string | null; count: number; from: Date; spanMs: number; serviceId?: string },
): Promise<void> {
  const { incidentId, count, from, spanMs, serviceId = 'payments' } = options;
  await pool.query(
    `WITH inserted AS (
       INSERT INTO logs ("timestamp", service_id, level, message, metadata)
       SELECT $2::timestamptz + (i * $4::float8 / $3) * interval '1 millisecond',
              CASE WHEN i % 17 = 0 THEN 'checkout' ELSE $5 END,
              (CASE WHEN i % 10 = 0 THEN 'WARN' WHEN i % 97 = 0 THEN 'FATAL' ELSE 'ERROR' END)::"LogLevel",
              CASE i % 6
                WHEN 0 THEN format('Payment gateway timeout after %sms for tx_%s', 1000 + i % 4000, i)
                WHEN 1 THEN format('User %s failed login from 10.%s.%s.%s', i, i % 250, (i / 250) % 250, i % 7)
                WHEN 2 THEN format('Connection refused to db-%s:5432 after %s retries', i % 3, i % 5)
                WHEN 3 THEN format('Order %s failed: card declined for user%s@example.com', gen_random_uuid(), i)
                WHEN 4 THEN format('Cache miss for key %s in region eu-west-%s', md5(i::text), i % 3)
                ELSE format('GET /api/v1/orders/%s/items returned 503 in %s.%ss', i, i % 9, i % 100)
              END,
              jsonb_build_object('request_id', md5((i * 7)::text))
         FROM generate_series(1, $3::int) AS i
       RETURNING id, "timestamp")
     INSERT INTO incident_logs (incident_id, log_id, log_ts) SELECT $1::uuid, id, "timestamp" FROM inserted WHERE $1::uuid IS NOT NULL`,
    [incidentId, from, count, spanMs, serviceId],
  );
  if (incidentId)
    await pool.query('UPDATE incidents SET log_count = (SELECT count(*) FROM incident_logs WHERE incident_id = $1) WHERE id = $1', [
      incidentId,
    ]);
}
