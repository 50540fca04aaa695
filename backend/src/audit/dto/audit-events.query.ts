import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageSize } from '../../common/paging';

export const ACTOR_TYPES = ['user', 'api_key', 'anonymous', 'system'] as const;

/** `GET /audit-events` filters; every one of them is backed by an index ending in the id. */
export class AuditEventsQueryDto {
  @ApiPropertyOptional({ example: '3f0c7a9e-1b2d-4c5e-8f90-123456789abc', description: 'Changes made by this user or API key' })
  @IsOptional()
  @IsUUID('all', { message: 'actor_id must be a UUID' })
  actor_id?: string;

  @ApiPropertyOptional({ enum: ACTOR_TYPES, example: 'user' })
  @IsOptional()
  @IsIn(ACTOR_TYPES, { message: `actor_type must be one of ${ACTOR_TYPES.join(', ')}` })
  actor_type?: (typeof ACTOR_TYPES)[number];

  @ApiPropertyOptional({ example: 'user.role_changed', description: 'Exactly this action' })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}\.[a-z_]{1,31}$/, { message: 'action must look like `user.created`' })
  action?: string;

  @ApiPropertyOptional({
    example: 'user',
    description: 'What was changed: user, api_key, detection_rule, notification_channel, session...',
  })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}$/, { message: 'target_type must be lower-case letters and underscores' })
  target_type?: string;

  @ApiPropertyOptional({ example: '3f0c7a9e-1b2d-4c5e-8f90-123456789abc', description: 'The changed thing (usually with target_type)' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  target_id?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'At or after this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Before this time (ISO 8601, exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @PageSize({ default: 50, max: 500, description: 'Entries per page' })
  limit?: number;

  @ApiPropertyOptional({ example: '1234', description: 'next_cursor of the previous page, unchanged' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,18}$/, { message: 'cursor must be the next_cursor of a previous page' })
  cursor?: string;
}
