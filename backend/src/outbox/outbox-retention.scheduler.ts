import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { PeriodicJob } from '../common/periodic-job';
import { OutboxRetentionService } from './outbox-retention.service';

/**
 * Every hour at half past (log maintenance runs on the hour). Every instance runs it; the
 * service takes a lock, so one does the work. A database that is down costs one warning per
 * hour, and the next run catches up.
 */
@Injectable()
export class OutboxRetentionScheduler {
  private readonly job = new PeriodicJob(new Logger(OutboxRetentionScheduler.name), 'notification history retention', 'next hour');

  constructor(private readonly retention: OutboxRetentionService) {}

  @Cron('0 30 * * * *', { name: 'notification-history-retention' })
  run(): Promise<void> {
    return this.job.run(() => this.retention.applyRetention());
  }
}
