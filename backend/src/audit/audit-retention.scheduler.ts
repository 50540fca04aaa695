import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { PeriodicJob } from '../common/periodic-job';
import { AuditRetentionService } from './audit-retention.service';

/** Daily at 03:45 (apart from the hourly log and notification maintenance); the service takes a lock. */
@Injectable()
export class AuditRetentionScheduler {
  private readonly job = new PeriodicJob(new Logger(AuditRetentionScheduler.name), 'audit retention', 'tomorrow');

  constructor(private readonly retention: AuditRetentionService) {}

  @Cron('0 45 3 * * *', { name: 'audit-retention' })
  run(): Promise<void> {
    return this.job.run(() => this.retention.applyRetention());
  }
}
