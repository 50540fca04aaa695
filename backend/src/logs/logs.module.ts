import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents';
import { OutboxModule } from '../outbox';
import { RealtimeModule } from '../realtime';
import { LogCountCompactionService } from './log-count-compaction.service';
import { LogCountsRepository } from './log-counts.repository';
import { LogMaintenanceScheduler } from './log-maintenance.scheduler';
import { LogPartitionsService } from './log-partitions.service';
import { LogRetentionRepository } from './log-retention.repository';
import { LogRetentionService } from './log-retention.service';
import { LogScansRepository } from './log-scans.repository';
import { LogsController } from './logs.controller';
import { LogsRepository } from './logs.repository';
import { LogsService } from './logs.service';
import { LogsAfterCursorRepository } from './logs-after-cursor.repository';
import { MatchingLogsRepository } from './matching-logs.repository';
import { RuleHistoryRepository } from './rule-history.repository';
import { ServiceSummaries } from './service-summaries';
import { ServicesController } from './services.controller';
import { LogTailConnections } from './tail/log-tail-connections';
import { LogTailController } from './tail/log-tail.controller';
import { LogTailHub } from './tail/log-tail-hub';
import { LogTailRepository } from './tail/log-tail.repository';

/**
 * Search, stats, services, retention, and the live tail (which uses realtime's LISTEN
 * connection and stream authentication). The services list counts unresolved incidents
 * through IncidentStatsService.
 */
@Module({
  imports: [RealtimeModule, OutboxModule, IncidentsModule],
  controllers: [LogTailController, LogsController, ServicesController],
  providers: [
    LogTailHub,
    LogTailRepository,
    LogTailConnections,
    LogsService,
    ServiceSummaries,
    LogsRepository,
    LogCountsRepository,
    LogCountCompactionService,
    LogPartitionsService,
    LogRetentionService,
    LogRetentionRepository,
    LogMaintenanceScheduler,
    MatchingLogsRepository,
    LogScansRepository,
    LogsAfterCursorRepository,
    RuleHistoryRepository,
  ],
  exports: [
    LogRetentionService,
    LogPartitionsService,
    LogsRepository,
    MatchingLogsRepository,
    LogScansRepository,
    LogsAfterCursorRepository,
    RuleHistoryRepository,
  ],
})
export class LogsModule {}
