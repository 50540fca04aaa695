import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RotationKind } from '../../generated/prisma/enums';

export class ScheduleUserDto {
  @ApiProperty({ format: 'uuid', example: '5b1f3c2e-8d4a-4f7b-9c61-2a0e4b7d9f13' })
  id!: string;

  @ApiProperty({ example: 'alice@example.com' })
  email!: string;

  @ApiProperty({ example: true, description: 'false: deactivated, never on call (their turns are gaps)' })
  active!: boolean;
}

export class OnCallDto {
  @ApiProperty({ type: ScheduleUserDto, nullable: true, description: 'null: nobody is on call' })
  user!: ScheduleUserDto | null;

  @ApiProperty({
    example: '2026-03-30T07:00:00.000Z',
    nullable: true,
    type: String,
    description: 'When this answer next changes; null when it does not change within a year',
  })
  until!: string | null;
}

export class ShiftDto {
  @ApiProperty({ type: ScheduleUserDto })
  user!: ScheduleUserDto;

  @ApiProperty({ example: '2026-03-23T08:00:00.000Z' })
  starts_at!: string;

  @ApiProperty({ example: '2026-03-30T07:00:00.000Z' })
  ends_at!: string;
}

export class LayerDto {
  @ApiProperty({ format: 'uuid', example: '9e2d4c1a-5b6f-4e3d-8a7b-1c2d3e4f5a6b' })
  id!: string;

  @ApiProperty({ example: 'Primary' })
  name!: string;

  @ApiProperty({ example: 0, description: 'Lowest first; a higher layer wins where it has someone' })
  position!: number;

  @ApiProperty({ enum: RotationKind, example: RotationKind.WEEKLY })
  rotation!: RotationKind;

  @ApiProperty({ example: null, nullable: true, type: Number })
  rotation_hours!: number | null;

  @ApiProperty({ example: '09:00' })
  handoff_time!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  time_zone!: string;

  @ApiProperty({ example: '2026-03-16' })
  start_date!: string;

  @ApiProperty({ type: [ScheduleUserDto], description: 'In turn order' })
  participants!: ScheduleUserDto[];
}

export class OverrideDto {
  @ApiProperty({ format: 'uuid', example: '3f4e5d6c-7b8a-4d9e-8f0a-1b2c3d4e5f60' })
  id!: string;

  @ApiProperty({ type: ScheduleUserDto })
  user!: ScheduleUserDto;

  @ApiProperty({ example: '2026-04-01T16:00:00.000Z' })
  starts_at!: string;

  @ApiProperty({ example: '2026-04-02T07:00:00.000Z' })
  ends_at!: string;

  @ApiProperty({ example: '2026-03-30T10:12:00.000Z' })
  created_at!: string;
}

export class ScheduleSummaryDto {
  @ApiProperty({ format: 'uuid', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })
  id!: string;

  @ApiProperty({ example: 'Payments primary' })
  name!: string;

  @ApiPropertyOptional({ example: 'Answers pages for checkout and billing', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ type: OnCallDto, description: 'Who is on call now, and until when' })
  on_call_now!: OnCallDto;

  @ApiProperty({ type: ShiftDto, nullable: true, description: 'The next person on call after on_call_now (within 90 days)' })
  next!: ShiftDto | null;

  @ApiProperty({ example: '2026-03-01T10:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-03-01T10:00:00.000Z' })
  updated_at!: string;
}

export class ScheduleDto extends ScheduleSummaryDto {
  @ApiProperty({ type: [LayerDto] })
  layers!: LayerDto[];

  @ApiProperty({ type: [OverrideDto], description: 'Current and upcoming overrides, soonest first (at most 100)' })
  overrides!: OverrideDto[];
}
