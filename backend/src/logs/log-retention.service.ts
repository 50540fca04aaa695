import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';
import { withSessionLock } from '../database/pg-transaction';
import { DEFAULT_PARTITION, LogRetentionRepository } from './log-retention.repository';
import { isoDay, retentionCutoff } from './partition-days';

/** Small statements, each its own short transaction: no long row locks, no long WAL bursts. */
const DELETE_BATCH = 5000;
const LOCK_TIMEOUT_MS = 1000;
// One retention run at a time across all app instances (pg_try_advisory_lock key: "logs").
const RETENTION_LOCK_KEY = 0x6c6f6773;

export interface RetentionReport {
  /** False when another instance was already running retention. */
  ran: boolean;
  /** Logs older than this were removed (except those of unresolved incidents). */
  cutoff: string;
  droppedPartitions: string[];
  /** Expired days kept as partitions because they hold logs of unresolved incidents (their other logs are deleted). */
  keptPartitions: string[];
  deletedLogs: number;
  deletedIncidentLinks: number;
  /** Rows of the log counts behind stats (per minute, per hour, all services) older than the cutoff. */
  deletedCountRows: number;
}

/**
 * LOG_RETENTION_DAYS: expired days are dropped as whole partitions (instant, no table bloat);
 * a day holding a log of an unresolved incident is thinned by batched DELETE instead, and
 * dropped at a later run once those incidents are resolved. Rows in the default partition
 * (days that had no partition) are deleted in batches too. The log counts behind stats
 * older than the cutoff go as well, all of them: stats cover the retention period, and logs kept
 * past it as evidence of an open incident are no longer counted there.
 */
@Injectable()
export class LogRetentionService {
  private readonly logger = new Logger(LogRetentionService.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: LogRetentionRepository,
    private readonly clock: Clock,
  ) {}

  async applyRetention(now: Date = this.clock.now()): Promise<RetentionReport> {
    const cutoff = retentionCutoff(now, this.config.retention.logRetentionDays);
    const report: RetentionReport = {
      ran: false,
      cutoff: cutoff.toISOString(),
      droppedPartitions: [],
      keptPartitions: [],
      deletedLogs: 0,
      deletedIncidentLinks: 0,
      deletedCountRows: 0,
    };
    await withSessionLock(this.pool, RETENTION_LOCK_KEY, async (client) => {
      report.ran = true;
      for (const partition of await this.repository.listDailyPartitions(client)) {
        if (partition.day.getTime() >= cutoff.getTime()) continue;
        if (await this.repository.dropPartitionUnlessLinked(client, partition.name, partition.day, LOCK_TIMEOUT_MS)) {
          report.droppedPartitions.push(partition.name);
        } else {
          report.keptPartitions.push(partition.name);
          report.deletedLogs += await this.repeat(() => this.repository.deleteUnlinkedBatch(client, partition.name, cutoff, DELETE_BATCH));
        }
      }
      report.deletedLogs += await this.repeat(() => this.repository.deleteUnlinkedBatch(client, DEFAULT_PARTITION, cutoff, DELETE_BATCH));
      report.deletedIncidentLinks = await this.repeat(() => this.repository.deleteDanglingResolvedLinksBatch(client, cutoff, DELETE_BATCH));
      report.deletedCountRows = await this.repeat(() => this.repository.deleteCountsBatch(client, cutoff, DELETE_BATCH));
    });
    if (report.droppedPartitions.length || report.deletedLogs || report.deletedIncidentLinks || report.deletedCountRows) {
      this.logger.log(
        `retention (before ${isoDay(cutoff)}): dropped ${report.droppedPartitions.length} partitions, deleted ${report.deletedLogs} logs, ${report.deletedIncidentLinks} incident links and ${report.deletedCountRows} rows of log counts; kept ${report.keptPartitions.length} partitions for unresolved incidents`,
      );
    }
    return report;
  }

  private async repeat(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await batch();
      total += deleted;
      if (deleted < DELETE_BATCH) return total;
    }
  }
}
