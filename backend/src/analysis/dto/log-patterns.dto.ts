import { ApiProperty } from '@nestjs/swagger';
import type { LogPatterns } from '../analysis.types';
import { OtherPatternsDto, PatternDto } from './pattern.dto';

export class LogPatternsDto {
  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' })
  from!: string;

  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' })
  to!: string;

  @ApiProperty({ example: 25_000, description: 'Logs analysed (the newest ones when truncated)' })
  scanned!: number;

  @ApiProperty({ example: false, description: 'True when the window held more logs than ANALYSIS_MAX_LOGS' })
  truncated!: boolean;

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
      total_templates: result.totalTemplates,
      patterns: result.patterns.map((p) => PatternDto.from(p)),
      other: OtherPatternsDto.from(result.other),
    };
  }
}
