import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Cron, CronExpression, Interval } from '@nestjs/schedule';
import { PeriodicJob } from '../common/periodic-job';
import { LogCountCompactionService } from './log-count-compaction.service';
import { LogPartitionsService } from './log-partitions.service';
import { LogRetentionService } from './log-retention.service';

/** Deltas pile up at about (services x levels) rows per ingest statement until compaction folds them. */
const COMPACTION_INTERVAL_MS = 10_000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Every hour: partitions for the coming days, then retention. Every 10 s: compaction of the
 * per-minute log counts. Every instance runs both; retention and compaction take locks.
 */
@Injectable()
export class LogMaintenanceScheduler implements OnModuleDestroy {
  private readonly logger = new Logger(LogMaintenanceScheduler.name);
  private readonly maintenance = new PeriodicJob(this.logger, 'log maintenance', 'next hour');
  private compaction: Promise<void> | undefined;
  private compactionFailing = false;
  private stopped = false;

  constructor(
    private readonly partitions: LogPartitionsService,
    private readonly retention: LogRetentionService,
    private readonly compactor: LogCountCompactionService,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'log-maintenance' })
  run(): Promise<void> {
    return this.maintenance.run(async () => {
      await this.partitions.ensurePartitions();
      await this.retention.applyRetention();
    });
  }

  @Interval('log-count-compaction', COMPACTION_INTERVAL_MS)
  compactCounts(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.compaction) return this.compaction;
    this.compaction = this.compactor
      .compact()
      .then(
        () => {
          if (this.compactionFailing) this.logger.log('log count compaction works again');
          this.compactionFailing = false;
        },
        (error: unknown) => {
          // Once per outage, not every 10 s: stats stay exact meanwhile, only slower to read.
          if (!this.compactionFailing) this.logger.warn(`log count compaction failed, retrying every 10 s: ${messageOf(error)}`);
          this.compactionFailing = true;
        },
      )
      .finally(() => (this.compaction = undefined));
    return this.compaction;
  }

  // Before the pool closes (DatabaseModule, at application shutdown): let a running compaction finish.
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.compaction;
  }
}
