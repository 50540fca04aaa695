import { Inject, Injectable } from '@nestjs/common';
import type { Pool, QueryConfig } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { LogLevel } from '../generated/prisma/enums';
import {
  logBatchStatement,
  servicesColumns,
  UPSERT_SERVICES,
  type InsertedIdRange,
  type LogRow,
  type ServiceSighting,
} from './log-batch-insert';
import { buildLogSearch, LOG_COLUMNS, type LogSearchFilters } from './log-search';
import { raceQueryPlans, type PlanSettings } from './plan-race';

export interface LogRecord {
  id: string;
  timestamp: Date;
  received_at: Date;
  service_id: string;
  level: LogLevel;
  message: string;
  metadata: Record<string, unknown> | null;
}

export interface ServiceRecord {
  service_id: string;
  first_seen_at: Date;
  last_seen_at: Date;
}

const WALK_NEWEST_FIRST: PlanSettings = [];
// Without plain index scans the (timestamp, id) walk is impossible: the full-text index is used.
const COLLECT_FROM_WORD_INDEX: PlanSettings = ['SET LOCAL enable_indexscan = off'];

/**
 * Raw SQL over the partitioned `logs` table and the `services` catalogue: Prisma cannot
 * express keyset row comparison, full-text search or the unnest batch insert. Counts:
 * LogCountsRepository, MatchingLogsRepository.
 */
@Injectable()
export class LogsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async search(filters: LogSearchFilters): Promise<LogRecord[]> {
    const { text, values } = buildLogSearch(filters);
    if (filters.q === undefined) return (await this.pool.query<LogRecord>(text, values)).rows;
    return this.searchWords(text, values);
  }

  /**
   * Word search has two good plans and PostgreSQL often cannot tell which applies: walk the
   * (timestamp, id) index newest first and filter (fast when the words are common in recent
   * logs), or collect the matches from the full-text index and sort them (fast when they are
   * rare). For a word outside its statistics it estimates ~0.5 % of rows and walks, which for
   * a rare word reads the whole table (> 30 s at 5 M rows, measured). So both plans run at
   * once and the first answer wins: 12 ms for a common word (the walk), 39 ms for a rare one
   * (the index), where either plan alone takes seconds for the other kind.
   */
  private searchWords(text: string, values: unknown[]): Promise<LogRecord[]> {
    return raceQueryPlans<LogRecord>(this.pool, text, values, [WALK_NEWEST_FIRST, COLLECT_FROM_WORD_INDEX]);
  }

  async findById(id: string): Promise<LogRecord | undefined> {
    const { rows } = await this.pool.query<LogRecord>(`SELECT ${LOG_COLUMNS} FROM logs l WHERE l.id = $1::bigint LIMIT 1`, [id]);
    return rows[0];
  }

  /** Every service that sent logs, or the one given (none when it never did). */
  async listServices(serviceId?: string): Promise<ServiceRecord[]> {
    const { rows } = await this.pool.query<ServiceRecord>(
      `SELECT service_id, first_seen_at, last_seen_at FROM services WHERE $1::text IS NULL OR service_id = $1 ORDER BY service_id`,
      [serviceId ?? null],
    );
    return rows;
  }

  /**
   * The group commit's ONE statement for a batch of logs (with the services first seen in
   * it: see logBatchStatement). `timeoutMs` is pg's client-side timeout: a connection that
   * stopped answering is destroyed, not kept. Returns the id range it inserted (for the
   * NOTIFY that points live tails at the rows).
   */
  async insertBatch(
    rows: readonly LogRow[],
    newServices: readonly ServiceSighting[],
    timeoutMs: number,
  ): Promise<InsertedIdRange | undefined> {
    const query: QueryConfig & { query_timeout: number } = { ...logBatchStatement(rows, newServices), query_timeout: timeoutMs };
    return (await this.pool.query<InsertedIdRange>(query)).rows[0];
  }

  /** First and last seen times of services already known, merged into `services`. */
  async upsertServices(sightings: readonly ServiceSighting[]): Promise<void> {
    await this.pool.query(UPSERT_SERVICES, servicesColumns(sightings));
  }
}
