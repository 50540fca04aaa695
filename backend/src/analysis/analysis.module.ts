import { Module } from '@nestjs/common';
import { IncidentsModule, IncidentsService } from '../incidents';
import { LogsModule } from '../logs';
import { IncidentAnalysisController } from './incident-analysis.controller';
import { IncidentAnalysisService } from './incident-analysis.service';
import { IncidentSummaryService } from './incident-summary.service';
import { INCIDENT_TIMELINE } from './incident-timeline.port';
import { LlmClient } from './llm-client';
import { LogPatternsController } from './log-patterns.controller';
import { LogPatternsService } from './log-patterns.service';
import { PatternMiningPool } from './pattern-mining/pattern-mining-pool';

/**
 * Log templates, incident analysis and AI summaries. Reads logs through the logs feature
 * (LogScansRepository) and incidents through theirs (IncidentsRepository); writes only
 * timeline entries, through IncidentsService.
 */
@Module({
  imports: [IncidentsModule, LogsModule],
  controllers: [LogPatternsController, IncidentAnalysisController],
  providers: [
    LogPatternsService,
    PatternMiningPool,
    IncidentAnalysisService,
    IncidentSummaryService,
    LlmClient,
    { provide: INCIDENT_TIMELINE, useExisting: IncidentsService },
  ],
})
export class AnalysisModule {}
