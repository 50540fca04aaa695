import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { IncidentStatus, Severity } from '../../generated/prisma/enums';

// `undefined` means "leave as is"; null is only meaningful for the fields that can be cleared.
const unlessAbsent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class UpdateIncidentDto {
  @ApiPropertyOptional({ example: 'Checkout pages time out (EU only)', minLength: 1, maxLength: 200 })
  @unlessAbsent()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ enum: Severity, example: 'CRITICAL' })
  @unlessAbsent()
  @IsEnum(Severity, { message: 'severity must be one of LOW, MEDIUM, HIGH, CRITICAL' })
  severity?: Severity;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '0b8f7a52-8a8e-4a7b-a2cf-4d1c9c0d7e11',
    description: 'An active user; null unassigns',
  })
  @IsOptional()
  @IsUUID('all', { message: 'assignee_id must be a user id (UUID) or null' })
  assignee_id?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Only EU checkout is affected', maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  @ApiPropertyOptional({
    enum: IncidentStatus,
    example: 'ACKNOWLEDGED',
    description: 'Same rules as the actions (acknowledge, resolve, reopen)',
  })
  @unlessAbsent()
  @IsEnum(IncidentStatus, { message: 'status must be one of OPEN, ACKNOWLEDGED, RESOLVED' })
  status?: IncidentStatus;
}
