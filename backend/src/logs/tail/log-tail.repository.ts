import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../database/pg-pool';
import type { LogMatchFilters } from '../log-search';
import { buildCommittedLogsRead, type CommittedSpan } from './committed-logs-read';

export interface MatchedLog {
  id: string;
  /** The log as JSON text, in the shape of LogDto. */
  json: string;
  /** matches[i] is '1' when the log matches filters[i] of the read, '0' when not. */
  matches: string;
}

/** The reads of the live tail: newly committed logs, for every client of the instance at once. */
@Injectable()
export class LogTailRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async readCommitted(span: CommittedSpan, filters: readonly LogMatchFilters[], limit: number): Promise<MatchedLog[]> {
    const { text, values } = buildCommittedLogsRead(span, filters, limit);
    return (await this.pool.query<MatchedLog>(text, values)).rows;
  }

  /** The highest log id so far (null: no logs), to catch up after the LISTEN connection was lost. */
  async latestId(): Promise<bigint | null> {
    const { rows } = await this.pool.query<{ id: string | null }>('SELECT max(id)::text AS id FROM logs');
    return rows[0]?.id ? BigInt(rows[0].id) : null;
  }
}
