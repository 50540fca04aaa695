import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { inTransaction } from '../database/pg-transaction';
import { LogCountsRepository } from './log-counts.repository';

// One compaction at a time across all app instances (pg_try_advisory_xact_lock key: "lmcc").
const COMPACTION_LOCK_KEY = 0x6c6d6363;
/** Keys merged per statement: a backlog (say, after hours without any app running) is worked off in short transactions. */
const KEYS_PER_STATEMENT = 20_000;

export interface CompactionReport {
  /** False when another instance was compacting. */
  ran: boolean;
  keys: number;
  rows: number;
}

/**
 * The insert trigger on `logs` adds one delta row per (minute, service, level) and statement;
 * compaction folds each key's rows back into one, so readers sum about one row per key and
 * minute. Counts are exact before and after: see LogCountsRepository.compactBatch.
 */
@Injectable()
export class LogCountCompactionService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly counts: LogCountsRepository,
  ) {}

  async compact(): Promise<CompactionReport> {
    const report: CompactionReport = { ran: false, keys: 0, rows: 0 };
    for (;;) {
      const batch = await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [COMPACTION_LOCK_KEY]);
        return rows[0]!.locked ? this.counts.compactBatch(client, KEYS_PER_STATEMENT) : undefined;
      });
      if (!batch) return report;
      report.ran = true;
      report.keys += batch.keys;
      report.rows += batch.rows;
      if (batch.keys < KEYS_PER_STATEMENT) return report;
    }
  }
}
