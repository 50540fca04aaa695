import { ApiProperty } from '@nestjs/swagger';
import type { DetectionRule } from '../../generated/prisma/client';
import { LogLevel, RuleKind, Severity } from '../../generated/prisma/enums';
import type { RuleFields } from '../rule-validation';

export class DetectionRuleDto {
  @ApiProperty({ example: '2f1c7f0e-5a43-4a51-9d0e-0b7d3c1f6a10' })
  id!: string;

  @ApiProperty({ example: 'High Error Rate' })
  name!: string;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({ enum: RuleKind, example: 'THRESHOLD' })
  kind!: RuleKind;

  @ApiProperty({ enum: LogLevel, example: 'ERROR' })
  level!: LogLevel;

  @ApiProperty({ type: String, nullable: true, example: null })
  service_id!: string | null;

  @ApiProperty({ example: 60 })
  window_seconds!: number;

  @ApiProperty({ type: Number, nullable: true, example: 5 })
  threshold!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null })
  baseline_minutes!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null })
  z_score!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null })
  min_count!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null })
  min_baseline_minutes!: number | null;

  @ApiProperty({ enum: Severity, example: 'HIGH' })
  severity!: Severity;

  @ApiProperty({ type: Number, nullable: true, example: null })
  auto_resolve_seconds!: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  message_pattern!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'host' })
  group_by!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: null, description: 'NEW_PATTERN only' })
  learning_seconds!: number | null;

  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' })
  updated_at!: string;
}

/** The rule's editable fields in API (snake_case) form: the response and the PATCH merge share it. */
export function toRuleFields(rule: DetectionRule): RuleFields {
  return {
    name: rule.name,
    enabled: rule.enabled,
    kind: rule.kind,
    level: rule.level,
    service_id: rule.serviceId,
    window_seconds: rule.windowSeconds,
    threshold: rule.threshold,
    baseline_minutes: rule.baselineMinutes,
    z_score: rule.zScore,
    min_count: rule.minCount,
    min_baseline_minutes: rule.minBaselineMinutes,
    severity: rule.severity,
    auto_resolve_seconds: rule.autoResolveSeconds,
    message_pattern: rule.messagePattern,
    group_by: rule.groupBy,
    learning_seconds: rule.learningSeconds,
  };
}

export function toDetectionRuleDto(rule: DetectionRule): DetectionRuleDto {
  return {
    id: rule.id,
    ...toRuleFields(rule),
    created_at: rule.createdAt.toISOString(),
    updated_at: rule.updatedAt.toISOString(),
  };
}
