import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/pg-transaction';
import type { LogCriteria } from './matching-logs.repository';

/** One log read after a cursor, with what a reader needs to move the cursor safely. */
export interface CursorLog {
  id: string;
  service_id: string;
  /** Cut to `maxMessageChars`: readers template messages, they do not show them whole. */
  message: string;
  timestamp: Date;
  /** Inserted long enough ago that no log with a lower id can still be uncommitted (see below). */
  settled: boolean;
}

/**
 * An insert statement of logs lasts at most the pool's statement_timeout (30 s) and takes
 * `received_at` (its start) before any id. A log inserted more than twice that long ago cannot
 * have a lower-id neighbour still in flight: its statement would have timed out by now.
 */
export const SETTLE_SECONDS = 60;

export interface CursorRead {
  criteria: LogCriteria;
  /** Read logs with a higher id. */
  afterId: string;
  /** Only logs stamped after this (bounds the read to recent day partitions; older ones are backfill). */
  since: Date;
  limit: number;
  maxMessageChars: number;
}

/**
 * Logs in commit order (by id) after a cursor, inside the caller's transaction: readers that
 * must see every log once (NEW_PATTERN rules) rather than count a window. A range scan of
 * the index on logs.id (the one GET /logs/:id uses) in each recent day partition: no new index
 * on the ingest path.
 */
@Injectable()
export class LogsAfterCursorRepository {
  async read(client: Queryable, { criteria, afterId, since, limit, maxMessageChars }: CursorRead): Promise<CursorLog[]> {
    const params: unknown[] = [afterId, since, criteria.levels, limit, maxMessageChars, SETTLE_SECONDS];
    let filters = '';
    if (criteria.serviceId !== null) filters += ` AND l.service_id = $${params.push(criteria.serviceId)}`;
    if (criteria.messagePattern !== null) filters += ` AND l.message ~* $${params.push(criteria.messagePattern)}`;
    const { rows } = await client.query<CursorLog>(
      `SELECT l.id::text AS id, l.service_id, left(l.message, $5) AS message, l."timestamp",
              l.received_at <= clock_timestamp() - make_interval(secs => $6) AS settled
         FROM logs l
        WHERE l.id > $1::bigint AND l."timestamp" > $2 AND l.level = ANY($3::"LogLevel"[])${filters}
        ORDER BY l.id
        LIMIT $4`,
      params,
    );
    return rows;
  }

  /** The highest log id handed out so far ('0' before the first log): where a new reader starts. */
  async lastIssuedId(client: Queryable): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('logs', 'id')::regclass), 0)::text AS id`,
    );
    return rows[0]!.id;
  }
}
