import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Severity } from '../../generated/prisma/enums';
import { SILENCE_STATES, type SilenceState } from './list-silences.query';

export class SilenceWindowDto {
  @ApiProperty({ example: '2026-11-29T01:00:00.000Z' })
  starts_at!: string;

  @ApiProperty({ example: '2026-11-29T03:00:00.000Z' })
  ends_at!: string;
}

export class SilenceMatchersResponseDto {
  @ApiProperty({ type: String, nullable: true, example: 'checkout-*' })
  service_id!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', example: null })
  rule_id!: string | null;

  @ApiProperty({ enum: Severity, nullable: true, example: 'HIGH' })
  min_severity!: Severity | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  title_contains!: string | null;
}

export class SilenceRecurrenceResponseDto {
  @ApiProperty({ example: 'FREQ=WEEKLY;BYDAY=SU' })
  rrule!: string;

  @ApiProperty({ example: '02:00' })
  start_time!: string;

  @ApiProperty({ example: 120 })
  duration_minutes!: number;

  @ApiProperty({ example: 'Europe/Berlin' })
  time_zone!: string;
}

export class SilenceDto {
  @ApiProperty({ format: 'uuid', example: '9d7c2a41-6b0e-4f3a-8e21-5c4b3a2f1e0d' })
  id!: string;

  @ApiProperty({ enum: SILENCE_STATES, example: 'active' })
  state!: SilenceState;

  @ApiProperty({ type: SilenceMatchersResponseDto })
  matchers!: SilenceMatchersResponseDto;

  @ApiProperty({ example: '2026-11-29T00:00:00.000Z' })
  starts_at!: string;

  @ApiProperty({ example: '2026-11-29T04:00:00.000Z' })
  ends_at!: string;

  @ApiProperty({ example: 'Database migration; checkout may flap' })
  comment!: string;

  @ApiProperty({ format: 'uuid', example: '0b8f7a52-8a8e-4a7b-a2cf-4d1c9c0d7e11' })
  created_by_id!: string;

  @ApiProperty({ example: '2026-11-28T17:12:00.000Z' })
  created_at!: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Set when expired early' })
  expired_at!: string | null;

  @ApiPropertyOptional({ type: SilenceRecurrenceResponseDto, nullable: true })
  recurrence!: SilenceRecurrenceResponseDto | null;

  @ApiProperty({ type: SilenceWindowDto, nullable: true, description: 'The window open now, or else the next one; null when none is left' })
  current_or_next_window!: SilenceWindowDto | null;

  @ApiProperty({ type: [SilenceWindowDto], description: 'Up to 10 windows from now on (the open one first)' })
  upcoming_windows!: SilenceWindowDto[];
}
