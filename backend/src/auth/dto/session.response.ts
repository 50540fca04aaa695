import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from '../../users';

export class SessionResponse {
  @ApiProperty({ type: UserResponse })
  user!: UserResponse;

  @ApiProperty({
    example: 'k3Qm0mWl6m1o2tQ0m7Qd1w7b3S5v0jz1c3xXw9uYq2E',
    description: 'Send as `X-CSRF-Token` on every write made with the session cookie (also readable from the csrf_token cookie)',
  })
  csrf_token!: string;

  @ApiProperty({ example: 3600, description: 'Seconds until the session ends (JWT_EXPIRES_IN)' })
  expires_in!: number;
}
