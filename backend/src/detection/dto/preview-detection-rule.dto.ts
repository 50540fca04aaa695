import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { CreateDetectionRuleDto } from './create-detection-rule.dto';

/** A rule as for POST /detection-rules, except that a name is not needed to preview it. */
export class PreviewRuleFieldsDto extends IntersectionType(
  OmitType(CreateDetectionRuleDto, ['name', 'enabled'] as const),
  PartialType(PickType(CreateDetectionRuleDto, ['name', 'enabled'] as const)),
) {}

export class PreviewDetectionRuleDto {
  @ApiProperty({ type: PreviewRuleFieldsDto, description: 'The rule to replay: a new one, or an edited one with all its fields' })
  @IsObject({ message: 'rule must be an object' })
  @ValidateNested()
  @Type(() => PreviewRuleFieldsDto)
  rule!: PreviewRuleFieldsDto;

  @ApiPropertyOptional({
    example: '2026-11-20T00:00:00Z',
    description: 'Start of the replay (default: `to` - 24 h); at most 7 days before `to`',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-27T00:00:00Z', description: 'End of the replay (default and latest: now)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}

/** Swagger request examples for POST /detection-rules/preview. */
export const PREVIEW_EXAMPLES = {
  threshold: {
    summary: 'THRESHOLD over the last 24 h (per-minute counts answer)',
    value: { rule: { kind: 'THRESHOLD', level: 'ERROR', window_seconds: 60, threshold: 5, severity: 'HIGH', auto_resolve_seconds: 600 } },
  },
  pattern: {
    summary: 'THRESHOLD with a message pattern over 2 days (matching logs are read)',
    value: {
      rule: { kind: 'THRESHOLD', window_seconds: 300, threshold: 20, message_pattern: 'timeout|refused', severity: 'MEDIUM' },
      from: '2026-11-25T00:00:00Z',
      to: '2026-11-27T00:00:00Z',
    },
  },
  absence: {
    summary: 'ABSENCE of one service over 7 days',
    value: {
      rule: { kind: 'ABSENCE', level: 'INFO', service_id: 'billing-cron', window_seconds: 300, severity: 'HIGH' },
      from: '2026-11-20T00:00:00Z',
      to: '2026-11-27T00:00:00Z',
    },
  },
};
