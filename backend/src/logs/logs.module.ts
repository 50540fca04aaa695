import { Module } from '@nestjs/common';
import { LogMaintenanceScheduler } from './log-maintenance.scheduler';
import { LogPartitionsService } from './log-partitions.service';
import { LogRetentionRepository } from './log-retention.repository';
import { LogRetentionService } from './log-retention.service';
import { LogsController } from './logs.controller';
import { LogsRepository } from './logs.repository';
import { LogsService } from './logs.service';
import { ServicesController } from './services.controller';

@Module({
  controllers: [LogsController, ServicesController],
  providers: [LogsService, LogsRepository, LogPartitionsService, LogRetentionService, LogRetentionRepository, LogMaintenanceScheduler],
  exports: [LogRetentionService, LogPartitionsService],
})
export class LogsModule {}
