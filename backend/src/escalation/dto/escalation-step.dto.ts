import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { EscalationTargetKind } from '../../generated/prisma/enums';
import { ESCALATION_LIMITS } from '../escalation-plan';

export class EscalationTargetDto {
  @ApiProperty({
    enum: EscalationTargetKind,
    example: EscalationTargetKind.USER,
    description: 'USER: a person; SCHEDULE: whoever is on call for that schedule when the step is taken; CHANNEL: a notification channel',
  })
  @IsEnum(EscalationTargetKind)
  type!: EscalationTargetKind;

  @ApiProperty({ format: 'uuid', example: '0b6d3c1e-8f5a-4c7e-9d21-5e2f4a7b9c10', description: 'The user, schedule or channel id' })
  @IsUUID()
  id!: string;
}

export class EscalationStepDto {
  @ApiProperty({
    example: 10,
    minimum: ESCALATION_LIMITS.waitMinutes.min,
    maximum: ESCALATION_LIMITS.waitMinutes.max,
    description: 'Minutes to wait after paging this step before the next one (after the last step: before the next round)',
  })
  @IsInt()
  @Min(ESCALATION_LIMITS.waitMinutes.min)
  @Max(ESCALATION_LIMITS.waitMinutes.max)
  wait_minutes!: number;

  @ApiProperty({
    type: [EscalationTargetDto],
    minItems: 1,
    maxItems: ESCALATION_LIMITS.targetsPerStep,
    example: [
      { type: 'USER', id: '0b6d3c1e-8f5a-4c7e-9d21-5e2f4a7b9c10' },
      { type: 'CHANNEL', id: '5f7c2a90-1d3e-4b8a-a6c4-2e9d8f1b3c57' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ESCALATION_LIMITS.targetsPerStep)
  @ValidateNested({ each: true })
  @Type(() => EscalationTargetDto)
  targets!: EscalationTargetDto[];
}
