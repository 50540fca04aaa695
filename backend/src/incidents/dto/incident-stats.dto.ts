import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class IncidentStatsQueryDto {
  @ApiPropertyOptional({
    example: '2026-11-01T00:00:00Z',
    description: 'Incidents created at or after (default: no lower bound). With it, `per_day` is filled: at most 366 days before `to`.',
  })
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

export class SeverityCountsDto {
  @ApiProperty({ example: 1 }) LOW!: number;
  @ApiProperty({ example: 4 }) MEDIUM!: number;
  @ApiProperty({ example: 2 }) HIGH!: number;
  @ApiProperty({ example: 0 }) CRITICAL!: number;
}

export class StatusSeverityCountsDto {
  @ApiProperty({ type: SeverityCountsDto }) OPEN!: SeverityCountsDto;
  @ApiProperty({ type: SeverityCountsDto }) ACKNOWLEDGED!: SeverityCountsDto;
  @ApiProperty({ type: SeverityCountsDto }) RESOLVED!: SeverityCountsDto;
}

export class UnresolvedIncidentsDto {
  @ApiProperty({ example: 5, description: 'OPEN + ACKNOWLEDGED' })
  total!: number;

  @ApiProperty({ example: 3, description: 'OPEN: nobody acknowledged them yet' })
  open!: number;

  @ApiProperty({ example: 2 })
  acknowledged!: number;

  @ApiProperty({ type: SeverityCountsDto, description: 'OPEN + ACKNOWLEDGED, per severity' })
  by_severity!: SeverityCountsDto;
}

export class IncidentDayDto {
  @ApiProperty({ example: '2026-11-24', description: 'UTC day' })
  day!: string;

  @ApiProperty({ example: 3, description: 'Incidents created that day' })
  total!: number;

  @ApiProperty({ type: SeverityCountsDto })
  by_severity!: SeverityCountsDto;
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

  @ApiProperty({ type: StatusSeverityCountsDto, description: 'Incidents created in [from, to), per status and severity (the list tabs)' })
  by_status_and_severity!: StatusSeverityCountsDto;

  @ApiProperty({
    type: UnresolvedIncidentsDto,
    description: 'Incidents not resolved right now, whenever they were created (ignores from/to)',
  })
  unresolved_now!: UnresolvedIncidentsDto;

  @ApiProperty({
    type: [IncidentDayDto],
    nullable: true,
    description: 'Incidents created per UTC day of [from, to), oldest first, days without incidents included; null without `from`',
  })
  per_day!: IncidentDayDto[] | null;
}
