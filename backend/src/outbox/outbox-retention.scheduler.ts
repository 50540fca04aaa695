import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { OutboxRetentionService } from './outbox-retention.service';

/**
 * Every hour at half past (log maintenance runs on the hour). Every instance runs it; the
 * service takes a lock, so one does the work. A database that is down costs one warning per
 * hour, and the next run catches up.
 */
@Injectable()
export class OutboxRetentionScheduler {
  private readonly logger = new Logger(OutboxRetentionScheduler.name);
  private running = false;

  constructor(private readonly retention: OutboxRetentionService) {}

  @Cron('0 30 * * * *', { name: 'notification-history-retention' })
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.retention.applyRetention();
    } catch (error) {
      this.logger.warn(
        `notification history retention failed, retried next hour: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.running = false;
    }
  }
}
