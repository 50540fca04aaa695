import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { PG_POOL } from '../database/pg-pool';
import { addDays, isoDay, PARTITION_DAYS_AHEAD, PARTITION_DAYS_BEHIND, startOfUtcDay } from './partition-days';

const LOCK_TIMEOUT_MS = 2000;

/** Creates the daily partitions of `logs` ahead of time, so that rows never pile up in the default partition. */
@Injectable()
export class LogPartitionsService implements OnModuleInit {
  private readonly logger = new Logger(LogPartitionsService.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  // Before the app serves (Nest runs this before listen): today's partition exists before the first log.
  async onModuleInit(): Promise<void> {
    try {
      await this.ensurePartitions();
    } catch (error) {
      // Not fatal: logs land in the default partition until the hourly run succeeds.
      this.logger.warn(`could not create log partitions at start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Returns how many partitions were created. */
  async ensurePartitions(now: Date = this.clock.now()): Promise<number> {
    const today = startOfUtcDay(now);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Creating a partition briefly locks `logs`; never wait long behind a slow query for it.
      await client.query(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
      const { rows } = await client.query<{ created: number }>('SELECT ensure_log_partitions($1::date, $2::date) AS created', [
        isoDay(addDays(today, -PARTITION_DAYS_BEHIND)),
        isoDay(addDays(today, PARTITION_DAYS_AHEAD)),
      ]);
      await client.query('COMMIT');
      return rows[0]!.created;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
