import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module';
import { AuditEventsController } from './audit-events.controller';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditRetentionScheduler } from './audit-retention.scheduler';
import { AuditRetentionService } from './audit-retention.service';
import { AuditTrail } from './audit-trail.service';

@Module({
  imports: [CommonModule],
  controllers: [AuditEventsController],
  providers: [AuditEventsRepository, AuditTrail, AuditRetentionService, AuditRetentionScheduler],
  exports: [AuditTrail, AuditRetentionService],
})
export class AuditModule {}
