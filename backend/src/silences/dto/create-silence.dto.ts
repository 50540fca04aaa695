import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Severity } from '../../generated/prisma/enums';
import { SERVICE_GLOB_PATTERN, SERVICE_GLOB_RULE } from '../service-glob';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** One occurrence may last at most a week (a longer one overlaps the next weekly one). */
export const MAX_OCCURRENCE_MINUTES = 7 * 24 * 60;

/** What a silence applies to; every matcher given must match (AND). At least one is required. */
export class SilenceMatchersDto {
  @ApiPropertyOptional({ example: 'checkout-*', pattern: SERVICE_GLOB_PATTERN.source, description: 'service_id, exact or glob (`*`, `?`)' })
  @IsOptional()
  @IsString()
  @Matches(SERVICE_GLOB_PATTERN, { message: `matchers.service_id ${SERVICE_GLOB_RULE}` })
  service_id?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b',
    description: 'Detection rule that opened the incident',
  })
  @IsOptional()
  @IsUUID('all', { message: 'matchers.rule_id must be a detection rule id (UUID)' })
  rule_id?: string;

  @ApiPropertyOptional({ enum: Severity, example: 'HIGH', description: 'Incidents of this severity or higher' })
  @IsOptional()
  @IsEnum(Severity, { message: 'matchers.min_severity must be one of LOW, MEDIUM, HIGH, CRITICAL' })
  min_severity?: Severity;

  @ApiPropertyOptional({ example: 'disk', maxLength: 200, description: 'Case-insensitive substring of the incident title' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'matchers.title_contains must not be empty' })
  @MaxLength(200)
  title_contains?: string;
}

/**
 * A recurring maintenance window: occurrences of `rrule` (or the `weekdays` shorthand) at
 * `start_time` local time in `time_zone`, each lasting `duration_minutes`, between the
 * silence's starts_at and ends_at.
 */
export class SilenceRecurrenceDto {
  @ApiPropertyOptional({ example: 'FREQ=WEEKLY;BYDAY=SU', description: 'RFC 5545 RRULE without DTSTART/TZID. Give this or weekdays.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'recurrence.rrule must not be empty' })
  @MaxLength(500)
  rrule?: string;

  @ApiPropertyOptional({ enum: WEEKDAYS, isArray: true, example: ['SU'], description: 'Weekly on these days. Give this or rrule.' })
  @IsOptional()
  @ArrayMinSize(1, { message: 'recurrence.weekdays must name at least one day' })
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true, message: `recurrence.weekdays must contain only ${WEEKDAYS.join(', ')}` })
  weekdays?: (typeof WEEKDAYS)[number][];

  @ApiProperty({ example: '02:00', description: 'Local start time of each occurrence, HH:MM (24 h)' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'recurrence.start_time must be HH:MM (24 h)' })
  start_time!: string;

  @ApiProperty({ example: 120, minimum: 1, maximum: MAX_OCCURRENCE_MINUTES })
  @IsInt({ message: 'recurrence.duration_minutes must be a whole number of minutes' })
  @Min(1)
  @Max(MAX_OCCURRENCE_MINUTES)
  duration_minutes!: number;

  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone of start_time' })
  @IsString()
  @MaxLength(64)
  time_zone!: string;
}

export class CreateSilenceDto {
  @ApiProperty({ type: SilenceMatchersDto, example: { service_id: 'checkout-*', min_severity: 'HIGH' } })
  @IsObject({ message: 'matchers must be an object' })
  @IsNotEmptyObject({ nullable: false }, { message: 'matchers must set at least one of service_id, rule_id, min_severity, title_contains' })
  @ValidateNested()
  @Type(() => SilenceMatchersDto)
  matchers!: SilenceMatchersDto;

  @ApiProperty({ example: '2026-11-29T00:00:00Z', description: 'ISO 8601; for a recurring window, when the series begins' })
  @IsISO8601({ strict: true }, { message: 'starts_at must be an ISO 8601 date-time' })
  starts_at!: string;

  @ApiProperty({ example: '2026-11-29T04:00:00Z', description: 'ISO 8601, after starts_at; for a recurring window, when the series ends' })
  @IsISO8601({ strict: true }, { message: 'ends_at must be an ISO 8601 date-time' })
  ends_at!: string;

  @ApiProperty({ example: 'Database migration; checkout may flap', maxLength: 1000 })
  @IsString()
  @IsNotEmpty({ message: 'comment must not be empty' })
  @MaxLength(1000)
  comment!: string;

  @ApiPropertyOptional({
    type: SilenceRecurrenceDto,
    example: { weekdays: ['SU'], start_time: '02:00', duration_minutes: 120, time_zone: 'Europe/Berlin' },
  })
  @IsOptional()
  @IsObject({ message: 'recurrence must be an object' })
  @ValidateNested()
  @Type(() => SilenceRecurrenceDto)
  recurrence?: SilenceRecurrenceDto;
}
