import { ApiProperty } from '@nestjs/swagger';
import { ACTOR_TYPES } from './audit-events.query';

export class AuditEventDto {
  @ApiProperty({ example: '1234' })
  id!: string;

  @ApiProperty({ example: '2026-11-27T14:03:11.120Z' })
  occurred_at!: string;

  @ApiProperty({ enum: ACTOR_TYPES, example: 'user' })
  actor_type!: string;

  @ApiProperty({ type: String, nullable: true, example: '3f0c7a9e-1b2d-4c5e-8f90-123456789abc' })
  actor_id!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'admin@example.com', description: 'Email or key name at the time' })
  actor_label!: string | null;

  @ApiProperty({ example: 'user.role_changed' })
  action!: string;

  @ApiProperty({ example: 'user' })
  target_type!: string;

  @ApiProperty({ type: String, nullable: true, example: '9b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b' })
  target_id!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { role: 'VIEWER' },
    description: 'Secrets masked as ***',
  })
  before!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { role: 'RESPONDER' },
    description: 'Secrets masked as ***',
  })
  after!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7', description: 'Client address (TRUST_PROXY applies)' })
  address!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '5d0e7c52-7a8f-4a35-9d0c-2a7f5b9e1c44' })
  request_id!: string | null;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];

  @ApiProperty({ type: String, nullable: true, example: '1184', description: 'Pass as cursor for older entries; null on the last page' })
  next_cursor!: string | null;
}
