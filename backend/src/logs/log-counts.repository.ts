import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { LogLevel } from '../generated/prisma/enums';
import { BUCKET_ORIGIN } from './log-stats';
import { countRanges, HOUR_MS, type TimeRange } from './count-ranges';

export interface BucketCount {
  bucket: Date;
  level: LogLevel;
  count: number;
}

export interface ServiceCount {
  service_id: string;
  level: LogLevel;
  count: number;
}

export interface ServiceBucketCount extends BucketCount {
  service_id: string;
}

export interface CompactionBatch {
  /** Keys (minute, service, level) merged into one row each. */
  keys: number;
  /** Rows those keys had before (compacted ones included). */
  rows: number;
}

interface CountQuery {
  /** The grouping key: an SQL expression over `hour`, `minute` or "timestamp", whichever the part reads. */
  key: (time: string) => string;
  /** Values the key expression uses, numbered from $1. */
  values: unknown[];
  from: Date;
  to?: Date;
  serviceId?: string;
  /** Whether hourly counts may answer for whole hours (not when a bucket is shorter than an hour). */
  hours: boolean;
  /** Whether the totals of all services may answer for whole minutes (not when counting per service or for one). */
  totals: boolean;
  /** Group by service as well (a `service_id` column before the key). */
  perService?: boolean;
}

/**
 * Log counts per (key, level) over a time range, summed in ONE statement from: whole hours
 * in `log_hour_counts`, whole minutes in `log_minute_totals` (all services) or
 * `log_minute_counts`, plus the deltas of those hours and minutes not compacted yet, and the
 * pieces of minutes at the ends from `logs`. The parts cover disjoint times and read one
 * snapshot, in which a log, its delta and the compaction of that delta are each all or
 * nothing: every log committed before the statement is counted exactly once.
 */
function countStatement(query: CountQuery): { text: string; values: unknown[] } | undefined {
  const values = [...query.values];
  const param = (value: unknown) => `$${values.push(value)}`;
  const service = query.serviceId === undefined ? '' : ` AND service_id = ${param(query.serviceId)}`;
  const serviceColumn = query.perService ? 'service_id, ' : '';
  const groupBy = query.perService ? '1, 2, 3' : '1, 2';
  const within = (column: string, range: TimeRange) =>
    `${column} >= ${param(range.from)}::timestamptz` + (range.to === undefined ? '' : ` AND ${column} < ${param(range.to)}::timestamptz`);
  const sum = (table: string, column: string, condition: string) =>
    `SELECT ${serviceColumn}${query.key(column)} AS key, level, sum(count) AS count FROM ${table} WHERE ${condition} GROUP BY ${groupBy}`;
  // A compacted aggregate holds what compaction has folded so far; the rest is still in deltas.
  const aggregateAndDeltas = (table: string, column: string, range: TimeRange) => [
    sum(table, column, within(column, range) + service),
    sum('log_minute_counts', 'minute', `NOT compacted AND ${within('minute', range)}${service}`),
  ];
  const ranges = countRanges(query.from, query.to, { hours: query.hours });
  const parts: string[] = [];
  if (ranges.hours) parts.push(...aggregateAndDeltas('log_hour_counts', 'hour', ranges.hours));
  for (const range of ranges.minutes) {
    if (query.totals) parts.push(...aggregateAndDeltas('log_minute_totals', 'minute', range));
    else parts.push(sum('log_minute_counts', 'minute', within('minute', range) + service));
  }
  for (const range of ranges.raw) {
    parts.push(
      `SELECT ${serviceColumn}${query.key('"timestamp"')} AS key, level, count(*) AS count FROM logs WHERE ${within('"timestamp"', range)}${service} GROUP BY ${groupBy}`,
    );
  }
  if (parts.length === 0) return undefined;
  return {
    // bigint, not int: one level of one day bucket can exceed 2^31 logs at the ingest goals.
    text: `SELECT ${serviceColumn}key, level::text AS level, sum(count)::bigint AS count FROM (${parts.join(' UNION ALL ')}) parts GROUP BY ${groupBy}`,
    values,
  };
}

/** The SQL of the log counts (per minute, per hour, all services per minute): reading them for stats and services, compacting them. */
@Injectable()
export class LogCountsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** `from` is a bucket start (whole minutes: buckets are >= 1 minute); `to` may fall inside a minute. */
  async countByBucketAndLevel(options: { intervalMs: number; from: Date; to: Date; serviceId?: string }): Promise<BucketCount[]> {
    const statement = countStatement({
      key: (time) => `date_bin($1::interval, ${time}, $2::timestamptz)`,
      values: [`${options.intervalMs / 1000} seconds`, BUCKET_ORIGIN],
      from: options.from,
      to: options.to,
      serviceId: options.serviceId,
      hours: options.intervalMs % HOUR_MS === 0,
      totals: options.serviceId === undefined,
    });
    if (!statement) return [];
    const { rows } = await this.pool.query<{ key: Date; level: LogLevel; count: string }>(statement.text, statement.values);
    return rows.map((row) => ({ bucket: row.key, level: row.level, count: Number(row.count) }));
  }

  /**
   * Counts per service, bucket and level over [from, to), for every service at once (or one):
   * the sparklines of the services list, in one statement whatever the number of services.
   */
  async countByServiceBucketAndLevel(options: {
    intervalMs: number;
    from: Date;
    to: Date;
    serviceId?: string;
  }): Promise<ServiceBucketCount[]> {
    const statement = countStatement({
      key: (time) => `date_bin($1::interval, ${time}, $2::timestamptz)`,
      values: [`${options.intervalMs / 1000} seconds`, BUCKET_ORIGIN],
      from: options.from,
      to: options.to,
      serviceId: options.serviceId,
      hours: options.intervalMs % HOUR_MS === 0,
      totals: false,
      perService: true,
    });
    if (!statement) return [];
    const { rows } = await this.pool.query<{ service_id: string; key: Date; level: LogLevel; count: string }>(
      statement.text,
      statement.values,
    );
    return rows.map((row) => ({ service_id: row.service_id, bucket: row.key, level: row.level, count: Number(row.count) }));
  }

  /** Every log from `since` on (later timestamps included), per service (or of one) and level. */
  async countByServiceAndLevelSince(since: Date, serviceId?: string): Promise<ServiceCount[]> {
    const statement = countStatement({ key: () => 'service_id', values: [], from: since, serviceId, hours: true, totals: false })!;
    const { rows } = await this.pool.query<{ key: string; level: LogLevel; count: string }>(statement.text, statement.values);
    return rows.map((row) => ({ service_id: row.key, level: row.level, count: Number(row.count) }));
  }

  /**
   * Replaces all rows of up to `maxKeys` keys that have deltas by one compacted row holding
   * their sum, and adds the deltas to the hourly counts and to the all-services minute
   * totals, in one statement (so in one transaction: readers see either the old rows or the
   * new ones, never both or neither). Invariant: an hourly count (a minute total) is the sum
   * of the compacted minute rows of that hour and service (of that minute, all services).
   *
   * Why a delta committed meanwhile is neither lost nor counted twice: the statement reads
   * one snapshot (READ COMMITTED). The DELETE removes only rows visible in it and returns
   * exactly those; the sums are built from what it returned. A delta committed after the
   * snapshot is invisible to the DELETE, so it stays as it is, uncompacted, and the next run
   * merges it. Minute rows are never updated, only inserted (by the trigger and here) and
   * deleted (here and by retention); a row deleted by a concurrent transaction is skipped by
   * this DELETE, so not summed. Two compactions at once therefore cannot double count either:
   * the second skips the rows the first deleted and sums only the rest, and the upserts add
   * each delta once, under the row lock of that hour or minute. The advisory lock
   * (LogCountCompactionService) only saves that wasted work, the waits on row locks and the
   * deadlocks two compactions can run into (one is rolled back, which changes nothing).
   */
  async compactBatch(client: PoolClient, maxKeys: number): Promise<CompactionBatch> {
    const { rows } = await client.query<{ keys: number; rows: number }>(
      `WITH keys AS (
         SELECT DISTINCT minute, service_id, level FROM log_minute_counts WHERE NOT compacted LIMIT $1::int
       ), gone AS (
         DELETE FROM log_minute_counts c USING keys k
          WHERE c.minute = k.minute AND c.service_id = k.service_id AND c.level = k.level
         RETURNING c.minute, c.service_id, c.level, c.count, c.compacted
       ), merged AS (
         INSERT INTO log_minute_counts (minute, service_id, level, count, compacted)
         SELECT minute, service_id, level, sum(count), true FROM gone GROUP BY 1, 2, 3
         RETURNING 1
       ), hourly AS (
         INSERT INTO log_hour_counts AS h (hour, service_id, level, count)
         SELECT date_bin('1 hour', minute, $2::timestamptz), service_id, level, sum(count) FROM gone WHERE NOT compacted GROUP BY 1, 2, 3
         ON CONFLICT (hour, service_id, level) DO UPDATE SET count = h.count + EXCLUDED.count
       ), totals AS (
         INSERT INTO log_minute_totals AS t (minute, level, count)
         SELECT minute, level, sum(count) FROM gone WHERE NOT compacted GROUP BY 1, 2
         ON CONFLICT (minute, level) DO UPDATE SET count = t.count + EXCLUDED.count
       )
       SELECT (SELECT count(*) FROM merged)::int AS keys, (SELECT count(*) FROM gone)::int AS rows`,
      [maxKeys, BUCKET_ORIGIN],
    );
    return rows[0]!;
  }
}
