import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsInt,
  IsMilitaryTime,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { RotationKind } from '../../generated/prisma/enums';

export const MAX_PARTICIPANTS = 50;
/** Longest HOURS turn: 30 days (longer is a monthly rotation, which this does not model). */
export const MAX_ROTATION_HOURS = 720;

export class LayerInputDto {
  @ApiPropertyOptional({ example: 'Primary', maxLength: 100, description: 'Default "Layer N"' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiProperty({
    enum: RotationKind,
    example: RotationKind.WEEKLY,
    description: 'DAILY/WEEKLY: hand-off at handoff_time local wall-clock time (kept across DST). HOURS: fixed turns of rotation_hours',
  })
  @IsEnum(RotationKind)
  rotation!: RotationKind;

  @ApiPropertyOptional({ example: 12, minimum: 1, maximum: MAX_ROTATION_HOURS, description: 'HOURS only (required there)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ROTATION_HOURS)
  rotation_hours?: number;

  @ApiProperty({ example: '09:00', description: 'Local hand-off time, HH:MM (24 h), in time_zone' })
  @IsMilitaryTime({ message: 'handoff_time must be HH:MM (24 h)' })
  handoff_time!: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone name' })
  @IsTimeZone({ message: 'time_zone must be an IANA time zone name such as Europe/Berlin' })
  time_zone!: string;

  @ApiProperty({
    example: '2026-03-16',
    description:
      'Local date of the first hand-off (YYYY-MM-DD); weekly turns change on its weekday. Nobody is on call in this layer before it',
  })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'start_date must be a date YYYY-MM-DD' })
  start_date!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    example: ['5b1f3c2e-8d4a-4f7b-9c61-2a0e4b7d9f13', '0c7d5e7a-3b1e-4a4f-9d2b-6f1c8e2a9b44'],
    description: `Active users in turn order (1-${MAX_PARTICIPANTS}; someone may appear twice)`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @IsUUID('all', { each: true, message: 'each value in participant_ids must be a UUID' })
  participant_ids!: string[];
}
