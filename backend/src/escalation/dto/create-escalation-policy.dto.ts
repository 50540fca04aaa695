import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SERVICE_ID_PATTERN, SERVICE_ID_RULE } from '../../common/service-id';
import { ESCALATION_LIMITS } from '../escalation-plan';
import { EscalationStepDto } from './escalation-step.dto';

export class CreateEscalationPolicyDto {
  @ApiProperty({ example: 'Checkout on-call', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({
    example: 'Primary on-call, then the team lead, then the whole team channel',
    maxLength: 1000,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiProperty({
    type: [EscalationStepDto],
    minItems: 1,
    maxItems: ESCALATION_LIMITS.steps,
    description: 'Taken in order: page the targets, then wait',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ESCALATION_LIMITS.steps)
  @ValidateNested({ each: true })
  @Type(() => EscalationStepDto)
  steps!: EscalationStepDto[];

  @ApiPropertyOptional({
    example: 2,
    minimum: 0,
    maximum: ESCALATION_LIMITS.repeatCount,
    description: 'Extra rounds of all steps after the first one when nobody acknowledges. Default 0',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(ESCALATION_LIMITS.repeatCount)
  repeat_count?: number;

  @ApiPropertyOptional({
    example: 30,
    nullable: true,
    type: Number,
    minimum: ESCALATION_LIMITS.ackTimeoutMinutes.min,
    maximum: ESCALATION_LIMITS.ackTimeoutMinutes.max,
    description: 'An acknowledged incident still unresolved after this many minutes goes back to OPEN and escalates again. Default none',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(ESCALATION_LIMITS.ackTimeoutMinutes.min)
  @Max(ESCALATION_LIMITS.ackTimeoutMinutes.max)
  ack_timeout_minutes?: number | null;

  @ApiPropertyOptional({
    example: false,
    description: 'The policy of incidents no rule or service policy covers (at most one). Default false',
  })
  @IsOptional()
  @IsBoolean()
  is_default?: boolean;

  @ApiPropertyOptional({
    example: ['9a1f0c7e-3b2d-4e5f-8a6b-7c8d9e0f1a2b'],
    maxItems: ESCALATION_LIMITS.attachments,
    description: 'Detection rules whose incidents use this policy (a rule has at most one policy)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ESCALATION_LIMITS.attachments)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  rule_ids?: string[];

  @ApiPropertyOptional({
    example: ['checkout'],
    maxItems: ESCALATION_LIMITS.attachments,
    description: 'Services whose incidents use this policy unless their rule has one (a service has at most one policy)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ESCALATION_LIMITS.attachments)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(SERVICE_ID_PATTERN, { each: true, message: `each value in service_ids ${SERVICE_ID_RULE}` })
  service_ids?: string[];
}
