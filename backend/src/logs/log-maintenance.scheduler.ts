import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { LogPartitionsService } from './log-partitions.service';
import { LogRetentionService } from './log-retention.service';

/** Every hour: partitions for the coming days, then retention. Every instance runs it; retention takes a lock. */
@Injectable()
export class LogMaintenanceScheduler {
  private readonly logger = new Logger(LogMaintenanceScheduler.name);
  private running = false;

  constructor(
    private readonly partitions: LogPartitionsService,
    private readonly retention: LogRetentionService,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'log-maintenance' })
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.partitions.ensurePartitions();
      await this.retention.applyRetention();
    } catch (error) {
      this.logger.warn(`log maintenance failed, retried next hour: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
