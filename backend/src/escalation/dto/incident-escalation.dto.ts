import { ApiProperty } from '@nestjs/swagger';
import { EscalationState } from '../../generated/prisma/enums';

export class IncidentEscalationDto {
  @ApiProperty({ format: 'uuid', example: '7d2e4f6a-8b0c-4d1e-9f2a-3b4c5d6e7f80' })
  incident_id!: string;

  @ApiProperty({
    enum: [...Object.values(EscalationState), 'NONE'],
    example: EscalationState.ESCALATING,
    description:
      'NONE: no policy applies. ESCALATING: next_step is due at next_step_at. ACKNOWLEDGED: waiting (until next_step_at when the policy has an ack timeout). EXHAUSTED: every round taken. STOPPED: resolved',
  })
  state!: EscalationState | 'NONE';

  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: '3c9e7f1a-2b4d-4a6c-8e0f-1a2b3c4d5e6f' })
  policy_id!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Checkout on-call' })
  policy_name!: string | null;

  @ApiProperty({ example: 3, description: 'Steps in the policy (0 when none applies)' })
  step_count!: number;

  @ApiProperty({ example: 1, description: 'Rounds in all: 1 + repeat_count' })
  round_count!: number;

  @ApiProperty({ nullable: true, type: Number, example: 1, description: 'The last step paged (1-based)' })
  current_step!: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 1, description: 'The round of the last step paged' })
  current_round!: number | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-27T10:00:00.000Z' })
  current_step_at!: string | null;

  @ApiProperty({ nullable: true, type: Number, example: 2, description: 'The step paged next while ESCALATING' })
  next_step!: number | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-11-27T10:10:00.000Z',
    description: 'When the next step is due (ESCALATING) or the acknowledgement times out (ACKNOWLEDGED)',
  })
  next_step_at!: string | null;
}
