import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { LogLevel } from '../generated/prisma/enums';
import { BUCKET_ORIGIN } from './log-stats';
import { splitAtWholeMinutes, type TimeRange } from './minute-split';

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

export interface CompactionBatch {
  /** Keys (minute, service, level) merged into one row each. */
  keys: number;
  /** Rows those keys had before (compacted ones included). */
  rows: number;
}

interface CountQuery {
  /** The grouping key: an SQL expression over `minute` (minute counts) or "timestamp" (logs). */
  key: (time: string) => string;
  from: Date;
  to?: Date;
  serviceId?: string;
  /** Values the key expression uses, numbered from $1. */
  values: unknown[];
}

/**
 * Log counts per (key, level) over a time range: whole minutes from `log_minute_counts`, the
 * partial minutes at the ends from `logs`, summed in ONE statement: the parts cover disjoint
 * times and read the same snapshot (a log and its count commit together), so every log
 * committed before the statement is counted exactly once.
 */
function countStatement(query: CountQuery): { text: string; values: unknown[] } | undefined {
  const values = [...query.values];
  const param = (value: unknown) => `$${values.push(value)}`;
  const service = query.serviceId === undefined ? '' : ` AND service_id = ${param(query.serviceId)}`;
  const split = splitAtWholeMinutes(query.from, query.to);
  const parts: string[] = [];
  const within = (column: string, range: TimeRange) =>
    `${column} >= ${param(range.from)}::timestamptz` + (range.to === undefined ? '' : ` AND ${column} < ${param(range.to)}::timestamptz`);
  if (split.minutes) {
    parts.push(
      `SELECT ${query.key('minute')} AS key, level, sum(count) AS count FROM log_minute_counts
        WHERE ${within('minute', split.minutes)}${service} GROUP BY 1, 2`,
    );
  }
  for (const range of split.raw) {
    parts.push(
      `SELECT ${query.key('"timestamp"')} AS key, level, count(*) AS count FROM logs
        WHERE ${within('"timestamp"', range)}${service} GROUP BY 1, 2`,
    );
  }
  if (parts.length === 0) return undefined;
  return {
    // bigint, not int: one level of one day bucket can exceed 2^31 logs at the ingest goals.
    text: `SELECT key, level::text AS level, sum(count)::bigint AS count FROM (${parts.join(' UNION ALL ')}) parts GROUP BY 1, 2`,
    values,
  };
}

/** The SQL of the per-minute log counts: reading them (stats, services) and compacting them. */
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
    });
    if (!statement) return [];
    const { rows } = await this.pool.query<{ key: Date; level: LogLevel; count: string }>(statement.text, statement.values);
    return rows.map((row) => ({ bucket: row.key, level: row.level, count: Number(row.count) }));
  }

  /** Every log from `since` on (later timestamps included), per service and level. */
  async countByServiceAndLevelSince(since: Date): Promise<ServiceCount[]> {
    const statement = countStatement({ key: () => 'service_id', values: [], from: since })!;
    const { rows } = await this.pool.query<{ key: string; level: LogLevel; count: string }>(statement.text, statement.values);
    return rows.map((row) => ({ service_id: row.key, level: row.level, count: Number(row.count) }));
  }

  /**
   * Replaces all rows of up to `maxKeys` keys that have deltas by one compacted row holding
   * their sum, in one statement (so in one transaction: readers see either the old rows or
   * the new one, never both or neither).
   *
   * Why a delta committed meanwhile is neither lost nor counted twice: the statement reads
   * one snapshot (READ COMMITTED). The DELETE removes only rows visible in it and returns
   * exactly those; the sum is built from what it returned. A delta committed after the
   * snapshot is invisible to the DELETE, so it stays as it is, uncompacted, and the next run
   * merges it. Rows are never updated, only inserted by the trigger and deleted here or by
   * retention; a row deleted by a concurrent transaction is skipped by this DELETE (and so
   * not summed). Two compactions at once therefore cannot double count either: the second
   * one skips the rows the first deleted and sums only the rest. The advisory lock
   * (LogCountCompactionService) only saves that wasted work and the wait on row locks.
   */
  async compactBatch(client: PoolClient, maxKeys: number): Promise<CompactionBatch> {
    const { rows } = await client.query<{ keys: number; rows: number }>(
      `WITH keys AS (
         SELECT DISTINCT minute, service_id, level FROM log_minute_counts WHERE NOT compacted LIMIT $1::int
       ), gone AS (
         DELETE FROM log_minute_counts c USING keys k
          WHERE c.minute = k.minute AND c.service_id = k.service_id AND c.level = k.level
         RETURNING c.minute, c.service_id, c.level, c.count
       ), merged AS (
         INSERT INTO log_minute_counts (minute, service_id, level, count, compacted)
         SELECT minute, service_id, level, sum(count), true FROM gone GROUP BY 1, 2, 3
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM merged)::int AS keys, (SELECT count(*) FROM gone)::int AS rows`,
      [maxKeys],
    );
    return rows[0]!;
  }
}
