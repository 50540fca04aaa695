import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const SILENCE_STATES = ['active', 'pending', 'expired'] as const;
export type SilenceState = (typeof SILENCE_STATES)[number];

export class ListSilencesQueryDto {
  @ApiPropertyOptional({
    enum: SILENCE_STATES,
    example: 'active',
    description: 'active: a window is open now; pending: the next window is still to come; expired: no window left (or expired early)',
  })
  @IsOptional()
  @IsIn(SILENCE_STATES, { message: `state must be one of ${SILENCE_STATES.join(', ')}` })
  state?: SilenceState;
}
