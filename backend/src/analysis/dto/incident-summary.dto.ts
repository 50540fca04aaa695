import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IncidentSummary } from '../incident-summary.service';
import { FALLBACK_REASONS, type FallbackReason } from '../llm-client';

export class IncidentSummaryDto {
  @ApiProperty({ enum: ['llm', 'deterministic'], example: 'llm', description: 'deterministic: written from the analysis, no LLM involved' })
  source!: 'llm' | 'deterministic';

  @ApiPropertyOptional({ example: 'gpt-4o-mini', description: 'The model that answered (source llm only)' })
  model?: string;

  @ApiProperty({ example: 'payment-service is failing payments: the gateway times out after 5 s since 09:41.' })
  summary!: string;

  @ApiProperty({ type: [String], example: ['The payment gateway is overloaded or unreachable', 'A recent change to gateway timeouts'] })
  root_causes!: string[];

  @ApiPropertyOptional({ enum: FALLBACK_REASONS, example: 'timeout', description: 'Why the LLM was not used (source deterministic only)' })
  fallback_reason?: FallbackReason;

  @ApiProperty({ example: '2026-11-24T10:02:00.000Z' })
  generated_at!: string;

  static from(s: IncidentSummary): IncidentSummaryDto {
    return {
      source: s.source,
      ...(s.model ? { model: s.model } : {}),
      summary: s.summary,
      root_causes: s.rootCauses,
      ...(s.fallbackReason ? { fallback_reason: s.fallbackReason } : {}),
      generated_at: s.generatedAt.toISOString(),
    };
  }
}
