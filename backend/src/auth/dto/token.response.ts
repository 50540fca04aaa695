import { ApiProperty } from '@nestjs/swagger';

export class TokenResponse {
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1YjFm...',
    description: 'Send as `Authorization: Bearer <token>`',
  })
  access_token!: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Seconds until the token expires (JWT_EXPIRES_IN)' })
  expires_in!: number;
}
