import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { partitionDay } from './partition-days';

export const DEFAULT_PARTITION = 'logs_default';

// Logs linked to an incident that is not resolved: retention keeps them.
const LINKED_TO_OPEN_INCIDENT = `EXISTS (
  SELECT 1 FROM incident_logs il JOIN incidents i ON i.id = il.incident_id
   WHERE il.log_ts = l."timestamp" AND il.log_id = l.id AND i.status <> 'RESOLVED')`;

// The per-minute and per-hour log counts behind stats (LogCountsRepository), with their time column.
const COUNT_TABLES = [
  ['log_minute_counts', 'minute'],
  ['log_hour_counts', 'hour'],
  ['log_minute_totals', 'minute'],
] as const;

const quoted = (table: string) => `"${table.replace(/"/g, '""')}"`;

/** The SQL of retention, on one connection (it holds the retention advisory lock). */
@Injectable()
export class LogRetentionRepository {
  async listDailyPartitions(client: PoolClient): Promise<{ name: string; day: Date }[]> {
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'logs'::regclass ORDER BY c.relname`,
    );
    return rows.flatMap((row) => {
      const day = partitionDay(row.name);
      return day ? [{ name: row.name, day }] : [];
    });
  }

  /**
   * Detaches and drops a whole day unless it holds a log of an unresolved incident. The
   * ACCESS EXCLUSIVE lock on `logs` (which DETACH needs anyway) is taken first: any
   * transaction that read those logs to link them has then committed, so the check sees its
   * links. lock_timeout keeps ingestion from queueing behind us for long: when a long query
   * holds the table, we give up and try again at the next run.
   */
  async dropPartitionUnlessLinked(client: PoolClient, name: string, day: Date, lockTimeoutMs: number): Promise<boolean> {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL lock_timeout = ${Math.floor(lockTimeoutMs)}`);
      await client.query('LOCK TABLE logs IN ACCESS EXCLUSIVE MODE');
      const { rows } = await client.query<{ linked: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM incident_logs il JOIN incidents i ON i.id = il.incident_id
                         WHERE i.status <> 'RESOLVED' AND il.log_ts >= $1::timestamptz AND il.log_ts < $1::timestamptz + interval '1 day') AS linked`,
        [day],
      );
      if (rows[0]!.linked) {
        await client.query('ROLLBACK');
        return false;
      }
      // As the owner of `logs` (SECURITY DEFINER): the app's own role may not drop tables.
      const { rows: dropped } = await client.query<{ dropped: boolean }>('SELECT drop_log_partition($1) AS dropped', [name]);
      await client.query('COMMIT');
      return dropped[0]!.dropped;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Deletes up to `batch` expired logs of one partition that no unresolved incident needs; returns how many. */
  async deleteUnlinkedBatch(client: PoolClient, table: string, before: Date, batch: number): Promise<number> {
    const result = await client.query(
      `DELETE FROM ${quoted(table)} WHERE ctid = ANY (ARRAY(
         SELECT l.ctid FROM ${quoted(table)} l
          WHERE l."timestamp" < $1::timestamptz AND NOT ${LINKED_TO_OPEN_INCIDENT}
          LIMIT $2::int))`,
      [before, batch],
    );
    return result.rowCount ?? 0;
  }

  /**
   * Deletes up to `batch` rows of each table of log counts older than `before`; returns how
   * many in all (fewer than `batch` means every table is done). Those of logs kept for
   * unresolved incidents go too: stats cover the retention period only. `before` is a UTC
   * midnight, so no hour straddles it.
   */
  async deleteCountsBatch(client: PoolClient, before: Date, batch: number): Promise<number> {
    let deleted = 0;
    for (const [table, column] of COUNT_TABLES) {
      const result = await client.query(
        `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE ${column} < $1::timestamptz LIMIT $2::int))`,
        [before, batch],
      );
      deleted += result.rowCount ?? 0;
    }
    return deleted;
  }

  /** Links of resolved incidents to logs that retention removed; returns how many were deleted. */
  async deleteDanglingResolvedLinksBatch(client: PoolClient, before: Date, batch: number): Promise<number> {
    const result = await client.query(
      `DELETE FROM incident_logs WHERE ctid = ANY (ARRAY(
         SELECT il.ctid FROM incident_logs il JOIN incidents i ON i.id = il.incident_id
          WHERE i.status = 'RESOLVED' AND il.log_ts < $1::timestamptz
            AND NOT EXISTS (SELECT 1 FROM logs l WHERE l."timestamp" = il.log_ts AND l.id = il.log_id)
          LIMIT $2::int))`,
      [before, batch],
    );
    return result.rowCount ?? 0;
  }
}
