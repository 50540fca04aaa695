import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CommonModule } from '../common/common.module';
import { AuditEventsController } from './audit-events.controller';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditRetentionScheduler } from './audit-retention.scheduler';
import { AuditRetentionService } from './audit-retention.service';
import { AuditTrail } from './audit-trail.service';
import { RequestScopeInterceptor } from './request-scope';

@Module({
  imports: [CommonModule],
  controllers: [AuditEventsController],
  providers: [
    AuditEventsRepository,
    AuditTrail,
    AuditRetentionService,
    AuditRetentionScheduler,
    { provide: APP_INTERCEPTOR, useClass: RequestScopeInterceptor },
  ],
  exports: [AuditTrail, AuditRetentionService],
})
export class AuditModule {}
