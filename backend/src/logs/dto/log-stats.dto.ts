import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { STATS_INTERVALS, type StatsInterval } from '../log-stats';
import { IsServiceId } from '../../common/service-id';

const INTERVALS = Object.keys(STATS_INTERVALS) as StatsInterval[];

export class LogStatsQueryDto {
  @ApiPropertyOptional({ enum: INTERVALS, default: '1h', description: 'Bucket size' })
  @IsOptional()
  @IsIn(INTERVALS, { message: `interval must be one of ${INTERVALS.join(', ')}` })
  interval?: StatsInterval;

  @ApiPropertyOptional({ example: 'payment-service' })
  @IsOptional()
  @IsServiceId()
  service_id?: string;

  @ApiPropertyOptional({
    example: '2026-11-24T00:00:00Z',
    description: 'Default: 24 hours before `to`. Rounded down to the start of its bucket.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-25T00:00:00Z', description: 'Exclusive. Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}

export class LevelCountsDto {
  @ApiProperty({ example: 120 }) DEBUG!: number;
  @ApiProperty({ example: 5400 }) INFO!: number;
  @ApiProperty({ example: 31 }) WARN!: number;
  @ApiProperty({ example: 7 }) ERROR!: number;
  @ApiProperty({ example: 0 }) FATAL!: number;
}

export class StatsBucketDto {
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z', description: 'Bucket start (buckets are aligned to UTC)' })
  start!: string;

  @ApiProperty({ example: 5558 })
  total!: number;

  @ApiProperty({ type: LevelCountsDto })
  counts!: LevelCountsDto;
}

export class LogStatsDto {
  @ApiProperty({ enum: INTERVALS, example: '1h' })
  interval!: StatsInterval;

  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' })
  from!: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  to!: string;

  @ApiProperty({ example: 'payment-service', nullable: true, type: String })
  service_id!: string | null;

  @ApiProperty({ type: [StatsBucketDto], description: 'Every bucket of the range, oldest first, empty ones included' })
  buckets!: StatsBucketDto[];
}
