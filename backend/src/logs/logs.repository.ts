import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { inTransaction } from '../database/pg-transaction';
import type { LogLevel } from '../generated/prisma/enums';
import { buildLogSearch, LOG_COLUMNS, type LogSearchFilters } from './log-search';

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

const ORDERED_WALK_BUDGET_MS = 250;
const QUERY_CANCELED = '57014';

/** Raw SQL over the partitioned `logs` table: Prisma cannot express keyset row comparison or full-text search. Counts: LogCountsRepository. */
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
   * (timestamp, id) index newest first and filter (fast when the words are common), or collect
   * the matches from the full-text index and sort them (fast when they are rare). For a word
   * outside its statistics it estimates ~0.5 % of rows and walks, which for a rare word reads
   * the whole table (> 30 s at 5 M rows, measured). So: the walk gets a short budget, then the
   * index (39 ms for the same rare word; 1.4 s for a common one, which the walk answers in 12 ms).
   */
  private async searchWords(text: string, values: unknown[]): Promise<LogRecord[]> {
    try {
      return await inTransaction(this.pool, async (client) => {
        await client.query(`SET LOCAL statement_timeout = ${ORDERED_WALK_BUDGET_MS}`);
        return (await client.query<LogRecord>(text, values)).rows;
      });
    } catch (error) {
      if ((error as { code?: unknown }).code !== QUERY_CANCELED) throw error;
    }
    return inTransaction(this.pool, async (client) => {
      await client.query('SET LOCAL enable_indexscan = off');
      return (await client.query<LogRecord>(text, values)).rows;
    });
  }

  async findById(id: string): Promise<LogRecord | undefined> {
    const { rows } = await this.pool.query<LogRecord>(`SELECT ${LOG_COLUMNS} FROM logs l WHERE l.id = $1::bigint LIMIT 1`, [id]);
    return rows[0];
  }

  async listServices(): Promise<ServiceRecord[]> {
    const { rows } = await this.pool.query<ServiceRecord>(
      `SELECT service_id, first_seen_at, last_seen_at FROM services ORDER BY service_id`,
    );
    return rows;
  }
}
