import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox';
import { UsersModule } from '../users';
import { DetectedIncidents } from './detected-incidents.service';
import { IncidentStorms } from './incident-storms';
import { IncidentTransitions } from './incident-transitions';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';

/**
 * Incident lifecycle, timeline and stats. Exports IncidentsService (findOne, addTimelineEntry)
 * for other features, and DetectedIncidents and IncidentStorms for the detection engine.
 */
@Module({
  imports: [UsersModule, OutboxModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentsRepository, IncidentTransitions, DetectedIncidents, IncidentStorms],
  exports: [IncidentsService, DetectedIncidents, IncidentStorms],
})
export class IncidentsModule {}
