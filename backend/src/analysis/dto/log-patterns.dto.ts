import { ApiProperty } from '@nestjs/swagger';
import { type LogPatterns, TRUNCATION_REASONS, type TruncationReason } from '../analysis.types';
import { OtherPatternsDto, PatternDto } from './pattern.dto';

export class LogPatternsDto {
  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' })
  from!: string;

  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' })
  to!: string;

  @ApiProperty({ example: 25_000, description: 'Logs analysed: all of the window, or its newest ones when truncated' })
  scanned!: number;

  @ApiProperty({ example: false, description: 'True when some logs of the window were left out (see truncated_by)' })
  truncated!: boolean;

  @ApiProperty({
    enum: TRUNCATION_REASONS,
    nullable: true,
    example: null,
    description:
      'Why logs were left out: `max_logs`, the window held more than ANALYSIS_MAX_LOGS (the newest were analysed); ' +
      '`time_budget`, mining stopped after ANALYSIS_PATTERNS_TIME_BUDGET_MS (the newest `scanned` were analysed). null: complete.',
  })
  truncated_by!: TruncationReason | null;

  @ApiProperty({ example: 37, description: 'Distinct templates found' })
  total_templates!: number;

  @ApiProperty({ type: [PatternDto] })
  patterns!: PatternDto[];

  @ApiProperty({ type: OtherPatternsDto })
  other!: OtherPatternsDto;

  static from(result: LogPatterns): LogPatternsDto {
    return {
      from: result.from.toISOString(),
      to: result.to.toISOString(),
      scanned: result.scanned,
      truncated: result.truncated,
      truncated_by: result.truncatedBy,
      total_templates: result.totalTemplates,
      patterns: result.patterns.map((p) => PatternDto.from(p)),
      other: OtherPatternsDto.from(result.other),
    };
  }
}
