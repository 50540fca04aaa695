import { Module, OnModuleInit } from '@nestjs/common';
import { AppMetrics } from '../metrics';
import { OutboxModule } from '../outbox';
import { UsersModule } from '../users';
import { DetectedIncidentsRepository } from './detected-incidents.repository';
import { DetectedIncidents } from './detected-incidents.service';
import { ExternalIncidents } from './external-incidents.service';
import { IncidentStatsRepository } from './incident-stats.repository';
import { IncidentStatsService } from './incident-stats.service';
import { IncidentStorms } from './incident-storms';
import { IncidentStormsRepository } from './incident-storms.repository';
import { IncidentTransitions } from './incident-transitions';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';

/**
 * Incident lifecycle, timeline and stats. Exports IncidentsService (findOne, addTimelineEntry)
 * for other features, DetectedIncidents and IncidentStorms for the detection engine, ExternalIncidents for alert intake, and
 * IncidentStatsService for the services list (unresolved incidents per service).
 */
@Module({
  imports: [UsersModule, OutboxModule],
  controllers: [IncidentsController],
  providers: [
    IncidentsService,
    IncidentsRepository,
    IncidentTransitions,
    DetectedIncidents,
    DetectedIncidentsRepository,
    ExternalIncidents,
    IncidentStorms,
    IncidentStormsRepository,
    IncidentStatsService,
    IncidentStatsRepository,
  ],
  exports: [
    IncidentsService,
    IncidentsRepository,
    IncidentTransitions,
    DetectedIncidents,
    ExternalIncidents,
    IncidentStorms,
    IncidentStatsService,
  ],
})
export class IncidentsModule implements OnModuleInit {
  constructor(
    private readonly metrics: AppMetrics,
    private readonly stats: IncidentStatsRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.sampleOpenIncidents(() => this.stats.countUnresolvedBySeverity());
  }
}
