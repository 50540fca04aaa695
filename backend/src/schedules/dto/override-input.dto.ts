import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsUUID } from 'class-validator';

export class CreateOverrideDto {
  @ApiProperty({ format: 'uuid', example: '5b1f3c2e-8d4a-4f7b-9c61-2a0e4b7d9f13', description: 'An active user' })
  @IsUUID('all', { message: 'user_id must be a UUID' })
  user_id!: string;

  @ApiProperty({ example: '2026-04-01T18:00:00+02:00', description: 'ISO 8601 date-time with offset' })
  @IsISO8601({ strict: true }, { message: 'starts_at must be an ISO 8601 date-time' })
  starts_at!: string;

  @ApiProperty({ example: '2026-04-02T09:00:00+02:00', description: 'After starts_at; at most 90 days later' })
  @IsISO8601({ strict: true }, { message: 'ends_at must be an ISO 8601 date-time' })
  ends_at!: string;
}
