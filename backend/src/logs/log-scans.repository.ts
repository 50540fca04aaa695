import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';

/** A scanned log: [message, service_id, level, timestamp in epoch ms, id]. */
export type ScannedLog = [message: string, serviceId: string, level: string, timestampMs: number, id: string];

export interface LogScanFilter {
  from: Date;
  to: Date;
  /** Empty: every service. */
  serviceIds: string[];
  /** Exact levels; empty: every level. */
  levels: string[];
  minLevel?: string;
}

/** The time range an incident's linked logs cover: it bounds the join, so partitions are pruned. */
export interface LinkedRange {
  oldest: Date | null;
  newest: Date | null;
}

export interface BucketCount {
  bucket: number;
  total: number;
  errors: number;
}

/** Handles a chunk of scanned rows; false stops the scan. */
export type ChunkHandler = (rows: ScannedLog[]) => boolean | Promise<boolean>;

const CHUNK_ROWS = 5000;
// Analysis reads can be heavy; they must never hold a connection for the pool's full 30 s.
const SCAN_TIMEOUT_MS = 10_000;

const LOG_COLUMNS = `l.message, l.service_id, l.level::text, extract(epoch FROM l."timestamp")::float8 * 1000, l.id::text`;

/**
 * Read-only scans over `logs` for the analysis: logs matching a filter, or the logs linked to
 * an incident (joined through `incident_logs`, like GET /logs?incident_id=). Large scans go
 * through a server-side cursor, fetched in chunks, so memory stays flat whatever the number
 * of rows (the scan is also capped by the caller).
 */
@Injectable()
export class LogScansRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * The incident's logs; when `newestOnly` is set, the newest `limit` of them. The time range
   * lets PostgreSQL prune partitions instead of joining against every day of logs.
   */
  async scanLinkedLogs(incidentId: string, extent: LinkedRange, limit: number, newestOnly: boolean, onRow: (row: ScannedLog) => void) {
    await this.scan(
      `SELECT ${LOG_COLUMNS}
         FROM incident_logs il JOIN logs l ON l.id = il.log_id AND l."timestamp" = il.log_ts
        WHERE il.incident_id = $1 AND l."timestamp" BETWEEN $2 AND $3
        ${newestOnly ? 'ORDER BY il.log_ts DESC, il.log_id DESC' : ''}
        LIMIT $4`,
      [incidentId, extent.oldest, extent.newest, limit],
      (rows) => {
        for (const row of rows) onRow(row);
        return true;
      },
    );
  }

  async findFirstLinkedError(incidentId: string, extent: LinkedRange): Promise<ScannedLog | null> {
    const { rows } = await this.pool.query<ScannedLog>({
      text: `SELECT ${LOG_COLUMNS}
               FROM incident_logs il JOIN logs l ON l.id = il.log_id AND l."timestamp" = il.log_ts
              WHERE il.incident_id = $1 AND l."timestamp" BETWEEN $2 AND $3 AND l.level >= 'ERROR'
              ORDER BY l."timestamp", l.id LIMIT 1`,
      values: [incidentId, extent.oldest, extent.newest],
      rowMode: 'array',
    });
    return rows[0] ?? null;
  }

  /** Logs matching the filter, newest first, at most `limit`. */
  async scanLogs(filter: LogScanFilter, limit: number, onRow: (row: ScannedLog) => void): Promise<void> {
    await this.scanLogChunks(filter, limit, (rows) => {
      for (const row of rows) onRow(row);
      return true;
    });
  }

  /**
   * Logs matching the filter, newest first, at most `limit`, a chunk at a time; the scan
   * stops early when `onChunk` answers false (the cursor is closed with its transaction).
   */
  async scanLogChunks(filter: LogScanFilter, limit: number, onChunk: ChunkHandler): Promise<void> {
    const values: unknown[] = [filter.from, filter.to];
    const conditions = ['l."timestamp" >= $1', 'l."timestamp" <= $2'];
    if (filter.serviceIds.length) conditions.push(`l.service_id = ANY($${values.push(filter.serviceIds)}::text[])`);
    if (filter.levels.length) conditions.push(`l.level = ANY($${values.push(filter.levels)}::"LogLevel"[])`);
    if (filter.minLevel) conditions.push(`l.level >= $${values.push(filter.minLevel)}::"LogLevel"`);
    values.push(limit);
    await this.scan(
      `SELECT ${LOG_COLUMNS} FROM logs l WHERE ${conditions.join(' AND ')}
        ORDER BY l."timestamp" DESC LIMIT $${values.length}`,
      values,
      onChunk,
    );
  }

  /** Logs of the services per bucket of `bucketSeconds` counted from `from`. */
  async countServiceLogsPerBucket(serviceIds: string[], from: Date, to: Date, bucketSeconds: number): Promise<BucketCount[]> {
    const { rows } = await this.pool.query<BucketCount>(
      `SELECT floor(extract(epoch FROM "timestamp" - $2::timestamptz) / $4)::int AS bucket,
              count(*)::int AS total, (count(*) FILTER (WHERE level >= 'ERROR'))::int AS errors
         FROM logs
        WHERE service_id = ANY($1::text[]) AND "timestamp" >= $2 AND "timestamp" < $3
        GROUP BY 1`,
      [serviceIds, from, to, bucketSeconds],
    );
    return rows;
  }

  private async scan(sql: string, values: unknown[], onChunk: ChunkHandler): Promise<void> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${SCAN_TIMEOUT_MS}`);
      // Every row is read: plan for the whole result, not for a fast first row (the cursor
      // default of 0.1 picked a merge join over random index reads, several times slower).
      await client.query('SET LOCAL cursor_tuple_fraction = 1.0');
      await client.query({ text: `DECLARE analysis_scan NO SCROLL CURSOR FOR ${sql}`, values });
      const fetchChunk = (): Promise<{ rows: ScannedLog[] }> => {
        const chunk = client.query<ScannedLog>({ text: `FETCH ${CHUNK_ROWS} FROM analysis_scan`, rowMode: 'array' });
        // If a row callback throws first, this chunk is never awaited: its failure is not news.
        chunk.catch(() => undefined);
        return chunk;
      };
      // The next chunk is requested before this one is processed: PostgreSQL produces rows
      // while Node mines them (two cores busy instead of one).
      let next: Promise<{ rows: ScannedLog[] }> | undefined = fetchChunk();
      while (next) {
        const { rows }: { rows: ScannedLog[] } = await next;
        next = rows.length === CHUNK_ROWS ? fetchChunk() : undefined;
        if (!(await onChunk(rows))) break;
      }
      // Stopped early: the chunk already asked for is read before the COMMIT (same connection).
      await next;
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
