import { Module } from '@nestjs/common';
import { LogCountCompactionService } from './log-count-compaction.service';
import { LogCountsRepository } from './log-counts.repository';
import { LogMaintenanceScheduler } from './log-maintenance.scheduler';
import { LogPartitionsService } from './log-partitions.service';
import { LogRetentionRepository } from './log-retention.repository';
import { LogRetentionService } from './log-retention.service';
import { LogsController } from './logs.controller';
import { LogsRepository } from './logs.repository';
import { LogsService } from './logs.service';
import { MatchingLogsRepository } from './matching-logs.repository';
import { ServicesController } from './services.controller';

@Module({
  controllers: [LogsController, ServicesController],
  providers: [
    LogsService,
    LogsRepository,
    LogCountsRepository,
    LogCountCompactionService,
    LogPartitionsService,
    LogRetentionService,
    LogRetentionRepository,
    LogMaintenanceScheduler,
    MatchingLogsRepository,
  ],
  exports: [LogRetentionService, LogPartitionsService, LogsRepository, MatchingLogsRepository],
})
export class LogsModule {}
