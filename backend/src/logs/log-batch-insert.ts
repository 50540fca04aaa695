import type { LogLevel } from '../generated/prisma/enums';

/** One validated log, ready for the database (ingestion validates it). */
export interface LogRow {
  /** Epoch milliseconds. */
  timestampMs: number;
  serviceId: string;
  level: LogLevel;
  message: string;
  /** Serialised JSON object, or null. */
  metadata: string | null;
}

/** First and last log time of one service within a batch. */
export interface ServiceSighting {
  serviceId: string;
  firstSeenMs: number;
  lastSeenMs: number;
}

const INSERT_LOGS = `INSERT INTO logs ("timestamp", service_id, level, message, metadata)
  SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::"LogLevel"[], $4::text[], $5::jsonb[])`;

// The id range of the batch, for the NOTIFY that points live tails at these rows: one row
// back instead of one id per log.
const withIdRange = (ctes: string) => `WITH ${ctes}inserted AS (${INSERT_LOGS} RETURNING id)
  SELECT min(id)::text AS first_id, max(id)::text AS last_id FROM inserted`;

/** What the batch statement returns: the lowest and highest id it inserted (null for no rows). */
export interface InsertedIdRange {
  first_id: string | null;
  last_id: string | null;
}

export const UPSERT_SERVICES = `INSERT INTO services (service_id, first_seen_at, last_seen_at)
  SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[])
  ON CONFLICT (service_id) DO UPDATE SET
    first_seen_at = LEAST(services.first_seen_at, EXCLUDED.first_seen_at),
    last_seen_at = GREATEST(services.last_seen_at, EXCLUDED.last_seen_at)`;

// Services seen for the first time are recorded in the same statement as their logs, so a
// service whose logs are committed is always listed, even if the process dies right after.
const INSERT_LOGS_ONLY = withIdRange('');
const INSERT_LOGS_AND_SERVICES = withIdRange(
  `new_services AS (${UPSERT_SERVICES.replace(/\$(\d)/g, (_m, n: string) => `$${Number(n) + 5}`)}), `,
);

export interface Statement {
  /** Named: each pooled connection parses and plans it once, not once per batch. */
  name: string;
  text: string;
  values: unknown[];
}

/** Column arrays for one multi-row INSERT ... SELECT FROM unnest(...): one statement, one commit. */
export function logBatchStatement(rows: readonly LogRow[], newServices: readonly ServiceSighting[]): Statement {
  const count = rows.length;
  const timestamps = new Array<string>(count);
  const serviceIds = new Array<string>(count);
  const levels = new Array<string>(count);
  const messages = new Array<string>(count);
  const metadata = new Array<string | null>(count);
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    timestamps[i] = new Date(row.timestampMs).toISOString();
    serviceIds[i] = row.serviceId;
    levels[i] = row.level;
    messages[i] = row.message;
    metadata[i] = row.metadata;
  }
  const values: unknown[] = [timestamps, serviceIds, levels, messages, metadata];
  if (newServices.length === 0) return { name: 'ingest_logs', text: INSERT_LOGS_ONLY, values };
  values.push(...servicesColumns(newServices));
  return { name: 'ingest_logs_and_services', text: INSERT_LOGS_AND_SERVICES, values };
}

/** Sorted by id: concurrent upserts then lock rows in the same order and cannot deadlock. */
export function servicesColumns(sightings: readonly ServiceSighting[]): [string[], string[], string[]] {
  const sorted = [...sightings].sort((a, b) => (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0));
  return [
    sorted.map((s) => s.serviceId),
    sorted.map((s) => new Date(s.firstSeenMs).toISOString()),
    sorted.map((s) => new Date(s.lastSeenMs).toISOString()),
  ];
}
