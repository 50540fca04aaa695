import { ApiProperty } from '@nestjs/swagger';
import { EscalationStepDto } from './escalation-step.dto';

export class EscalationPolicyDto {
  @ApiProperty({ format: 'uuid', example: '3c9e7f1a-2b4d-4a6c-8e0f-1a2b3c4d5e6f' })
  id!: string;

  @ApiProperty({ example: 'Checkout on-call' })
  name!: string;

  @ApiProperty({ example: 'Primary on-call, then the team lead', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ type: [EscalationStepDto] })
  steps!: EscalationStepDto[];

  @ApiProperty({ example: 2 })
  repeat_count!: number;

  @ApiProperty({ example: 30, nullable: true, type: Number })
  ack_timeout_minutes!: number | null;

  @ApiProperty({ example: false })
  is_default!: boolean;

  @ApiProperty({ example: ['9a1f0c7e-3b2d-4e5f-8a6b-7c8d9e0f1a2b'] })
  rule_ids!: string[];

  @ApiProperty({ example: ['checkout'] })
  service_ids!: string[];

  @ApiProperty({ example: '2026-11-27T10:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-11-27T10:00:00.000Z' })
  updated_at!: string;
}
