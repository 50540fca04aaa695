import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { UnresolvedIncidentsDto } from '../../incidents';
import { ACTIVITY_RANGES, type ActivityRange } from '../service-activity';
import { LevelCountsDto } from './log-stats.dto';

const RANGES = Object.keys(ACTIVITY_RANGES) as ActivityRange[];

export class ServicesQueryDto {
  @ApiPropertyOptional({
    enum: RANGES,
    default: '1h',
    description: 'Window of the `activity` sparklines: 1h (60 buckets of 1 minute) or 24h (24 buckets of 1 hour)',
  })
  @IsOptional()
  @IsIn(RANGES, { message: `activity must be one of ${RANGES.join(', ')}` })
  activity?: ActivityRange;
}

export class ServiceActivityDto {
  @ApiProperty({ type: [Number], example: [120, 98, 143], description: 'Logs per bucket, oldest first (the last bucket is still filling)' })
  volume!: number[];

  @ApiProperty({
    type: [Number],
    example: [0, 2, 9],
    description: 'ERROR and FATAL logs per bucket; error rate = errors[i] / volume[i] (none when volume is 0)',
  })
  errors!: number[];
}

export class ActivityWindowDto {
  @ApiProperty({ enum: RANGES, example: '1h' })
  range!: ActivityRange;

  @ApiProperty({ enum: ['1m', '1h'], example: '1m', description: 'Bucket size' })
  interval!: string;

  @ApiProperty({
    example: '2026-11-24T09:01:00.000Z',
    description: 'Start of the first bucket (UTC-aligned); bucket i starts at from + i x interval',
  })
  from!: string;

  @ApiProperty({ example: '2026-11-24T10:00:42.000Z', description: 'Now: the end of the last, unfinished bucket' })
  to!: string;

  @ApiProperty({ example: 60 })
  buckets!: number;
}

export class ServiceSummaryDto {
  @ApiProperty({ example: 'payment-service' })
  service_id!: string;

  @ApiProperty({ example: '2026-11-01T08:12:00.000Z', description: 'Time of its oldest log received' })
  first_seen_at!: string;

  @ApiProperty({ example: '2026-11-24T10:00:00.000Z', description: 'Time of its newest log (may lag by about a second)' })
  last_seen_at!: string;

  @ApiProperty({ type: LevelCountsDto, description: 'Logs per level with a timestamp in the last hour' })
  last_hour!: LevelCountsDto;

  @ApiProperty({ example: 5558, description: 'Sum of last_hour' })
  last_hour_total!: number;

  @ApiProperty({ type: ServiceActivityDto, description: 'Sparklines over the window given by the top-level `activity`' })
  activity!: ServiceActivityDto;

  @ApiProperty({ type: UnresolvedIncidentsDto, description: 'Incidents of this service not resolved now' })
  unresolved_incidents!: UnresolvedIncidentsDto;
}

export class ServiceListDto {
  @ApiProperty({ type: [ServiceSummaryDto], description: 'By service_id' })
  data!: ServiceSummaryDto[];

  @ApiProperty({ type: ActivityWindowDto, description: 'The buckets of every service’s `activity`' })
  activity!: ActivityWindowDto;
}

export class ServiceDetailDto {
  @ApiProperty({ type: ServiceSummaryDto })
  data!: ServiceSummaryDto;

  @ApiProperty({ type: ActivityWindowDto, description: 'The buckets of `data.activity`' })
  activity!: ActivityWindowDto;
}
