import { Module } from '@nestjs/common';
import { IncidentsModule, IncidentsService } from '../incidents';
import { AnalysisRepository } from './analysis.repository';
import { IncidentAnalysisController } from './incident-analysis.controller';
import { IncidentAnalysisService } from './incident-analysis.service';
import { IncidentSummaryService } from './incident-summary.service';
import { INCIDENT_TIMELINE } from './incident-timeline.port';
import { LlmClient } from './llm-client';
import { LogPatternsController } from './log-patterns.controller';
import { LogPatternsService } from './log-patterns.service';
import { PatternMiningPool } from './pattern-mining/pattern-mining-pool';

/** Log templates, incident analysis and AI summaries. Reads logs and incidents; writes only timeline entries, through IncidentsService. */
@Module({
  imports: [IncidentsModule],
  controllers: [LogPatternsController, IncidentAnalysisController],
  providers: [
    AnalysisRepository,
    LogPatternsService,
    PatternMiningPool,
    IncidentAnalysisService,
    IncidentSummaryService,
    LlmClient,
    { provide: INCIDENT_TIMELINE, useExisting: IncidentsService },
  ],
})
export class AnalysisModule {}
