import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AuditRetentionService } from './audit-retention.service';

/** Daily at 03:45 (apart from the hourly log and notification maintenance); the service takes a lock. */
@Injectable()
export class AuditRetentionScheduler {
  private readonly logger = new Logger(AuditRetentionScheduler.name);
  private running = false;

  constructor(private readonly retention: AuditRetentionService) {}

  @Cron('0 45 3 * * *', { name: 'audit-retention' })
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.retention.applyRetention();
    } catch (error) {
      this.logger.warn(`audit retention failed, retried tomorrow: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
