import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { inTransaction, type Queryable } from '../database/pg-transaction';
import type { LogLevel } from '../generated/prisma/enums';
import { matching, MAX_GROUP_VALUE_LENGTH, type LogCriteria } from './matching-logs.repository';

/** Matching logs per minute of one service (or of all together, `service_id` null), oldest first. */
export interface MinuteSeries {
  service_id: string | null;
  /** Minute starts, in minutes since the epoch. */
  minutes: number[];
  counts: number[];
}

/** One matching log, as a rule preview replays it. */
export interface MatchedLog {
  service_id: string;
  group_value: string | null;
  timestamp: Date;
}

// A preview is a read over days: never let one hold a connection for long.
const PREVIEW_STATEMENT_TIMEOUT = '15s';

/**
 * The history a rule preview replays: per-minute counts when they can answer (levels and
 * service only), or the matching logs themselves (message pattern, group_by, windows that are
 * not whole minutes). Read-only, outside any evaluation transaction.
 */
@Injectable()
export class RuleHistoryRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Matching logs per minute over [from, to) (whole minutes), one series per service, or one
   * for every service together when `together`. Per service, `log_minute_counts` alone is
   * complete (compaction replaces a key's deltas by one row there). Together, the all-services
   * totals plus the pending deltas: a week is 10,080 rows per level instead of that times the
   * services (3.1 s -> see the journal). Series come back as arrays: 500,000 row objects cost
   * more than the query.
   */
  async minuteSeries(levels: LogLevel[], serviceId: string | null, from: Date, to: Date, together: boolean): Promise<MinuteSeries[]> {
    const params: unknown[] = [levels, from, to];
    const service = serviceId === null ? '' : ` AND service_id = $${params.push(serviceId)}`;
    const within = `level = ANY($1::"LogLevel"[]) AND minute >= $2 AND minute < $3`;
    const perMinute =
      together && serviceId === null
        ? `SELECT NULL::text AS service_id, minute, sum(count) AS count FROM (
             SELECT minute, count FROM log_minute_totals WHERE ${within}
             UNION ALL SELECT minute, count FROM log_minute_counts WHERE NOT compacted AND ${within}
           ) parts GROUP BY 2`
        : `SELECT ${together ? 'NULL::text' : 'service_id'} AS service_id, minute, sum(count) AS count
           FROM log_minute_counts WHERE ${within}${service} GROUP BY 1, 2`;
    return this.read(async (client) => {
      const { rows } = await client.query<MinuteSeries>(
        `SELECT service_id, array_agg(extract(epoch FROM minute)::float8 / 60 ORDER BY minute) AS minutes,
                array_agg(count::float8 ORDER BY minute) AS counts
         FROM (${perMinute}) per_minute GROUP BY 1`,
        params,
      );
      return rows;
    });
  }

  /**
   * Matching logs in (from, to], oldest first, at most `limit` (the caller asks for one more
   * than it accepts to know the range holds too many).
   */
  async matchingLogs(criteria: LogCriteria, groupBy: string | null, from: Date, to: Date, limit: number): Promise<MatchedLog[]> {
    const { sql, params } = matching(criteria, from, to);
    const group =
      groupBy === null ? 'NULL::text' : `left(l.metadata->>$${params.push(groupBy)}, $${params.push(MAX_GROUP_VALUE_LENGTH)}::int)`;
    const limitParam = `$${params.push(limit)}`;
    return this.read(async (client) => {
      const { rows } = await client.query<MatchedLog>(
        `SELECT l.service_id, ${group} AS group_value, l."timestamp" FROM logs l WHERE ${sql}
         ORDER BY l."timestamp" LIMIT ${limitParam}::int`,
        params,
      );
      return rows;
    });
  }

  /** When each service sent its first log (null for ingestion as a whole: the first of any). */
  async firstSeen(serviceIds: string[]): Promise<Map<string, Date>> {
    const { rows } = await this.pool.query<{ service_id: string; first_seen_at: Date }>(
      'SELECT service_id, first_seen_at FROM services WHERE service_id = ANY($1::text[])',
      [serviceIds],
    );
    return new Map(rows.map((row) => [row.service_id, row.first_seen_at]));
  }

  async firstSeenOfAny(): Promise<Date | null> {
    const { rows } = await this.pool.query<{ first: Date | null }>('SELECT min(first_seen_at) AS first FROM services');
    return rows[0]?.first ?? null;
  }

  private read<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      await client.query(`SET LOCAL statement_timeout = '${PREVIEW_STATEMENT_TIMEOUT}'`);
      return work(client);
    });
  }
}
