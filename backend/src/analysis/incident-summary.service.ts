import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { deterministicSummary } from './deterministic-summary';
import { IncidentAnalysisService } from './incident-analysis.service';
import { INCIDENT_TIMELINE, type IncidentTimeline } from './incident-timeline.port';
import { type FallbackReason, LlmClient } from './llm-client';
import { buildSummaryPrompt } from './summary-prompt';

export const SUMMARY_TIMELINE_TYPE = 'analysis_summary';

export interface IncidentSummary {
  source: 'llm' | 'deterministic';
  model?: string;
  summary: string;
  rootCauses: string[];
  fallbackReason?: FallbackReason;
  generatedAt: Date;
}

/**
 * A written summary of an incident with suggested root causes: from the configured LLM
 * when it answers usefully, otherwise built from the analysis and labelled as such. Either
 * way it is recorded on the incident's timeline.
 */
@Injectable()
export class IncidentSummaryService {
  constructor(
    private readonly analysis: IncidentAnalysisService,
    private readonly llm: LlmClient,
    @Inject(INCIDENT_TIMELINE) private readonly timeline: IncidentTimeline,
    private readonly clock: Clock,
  ) {}

  async summarize(incidentId: string, userId: string): Promise<IncidentSummary> {
    const analysis = await this.analysis.analyse(incidentId);
    const outcome = await this.llm.summarize(buildSummaryPrompt(analysis));
    const generatedAt = this.clock.now();
    let result: IncidentSummary;
    if (outcome.ok) {
      result = { source: 'llm', model: outcome.model, summary: outcome.summary, rootCauses: outcome.rootCauses, generatedAt };
    } else {
      const fallback = deterministicSummary(analysis);
      result = {
        source: 'deterministic',
        summary: fallback.summary,
        rootCauses: fallback.rootCauses,
        fallbackReason: outcome.reason,
        generatedAt,
      };
    }
    await this.timeline.addTimelineEntry(incidentId, {
      type: SUMMARY_TIMELINE_TYPE,
      actor: `user:${userId}`,
      actorUserId: userId,
      body: result.summary,
      after: {
        source: result.source,
        ...(result.model ? { model: result.model } : {}),
        root_causes: result.rootCauses,
        ...(result.fallbackReason ? { fallback_reason: result.fallbackReason } : {}),
        generated_at: generatedAt.toISOString(),
      },
    });
    return result;
  }
}
