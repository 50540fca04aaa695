import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class IncidentStatsQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Incidents created at or after (default: no lower bound)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Incidents created before (default: no upper bound)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}

export class DurationStatsDto {
  @ApiProperty({ example: 12, description: 'Incidents measured' })
  count!: number;

  @ApiProperty({ type: Number, nullable: true, example: 184.5, description: 'Mean, in seconds (null: nothing measured)' })
  mean!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 420, description: '90th percentile (continuous), in seconds' })
  p90!: number | null;
}

export class IncidentStatsDto {
  @ApiProperty({ type: String, nullable: true, example: '2026-11-01T00:00:00.000Z' })
  from!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-01T00:00:00.000Z' })
  to!: string | null;

  @ApiProperty({ example: 17 })
  total!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { OPEN: 3, ACKNOWLEDGED: 2, RESOLVED: 12 } })
  by_status!: Record<string, number>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { LOW: 1, MEDIUM: 4, HIGH: 10, CRITICAL: 2 } })
  by_severity!: Record<string, number>;

  @ApiProperty({ type: DurationStatsDto, description: 'Mean time to acknowledge: created -> first acknowledgement' })
  mtta_seconds!: DurationStatsDto;

  @ApiProperty({ type: DurationStatsDto, description: 'Mean time to resolve: created -> resolved (resolved incidents)' })
  mttr_seconds!: DurationStatsDto;
}
