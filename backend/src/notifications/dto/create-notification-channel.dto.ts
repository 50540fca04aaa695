import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ChannelType, Severity } from '../../generated/prisma/enums';
import { NOTIFIABLE_EVENT_TYPES, type IncidentEventType } from '../../outbox';

export class CreateNotificationChannelDto {
  @ApiProperty({ example: 'SRE on-call Slack', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    enum: ChannelType,
    example: ChannelType.WEBHOOK,
    description: 'SLACK: an incoming-webhook URL; WEBHOOK: your endpoint, signed',
  })
  @IsEnum(ChannelType)
  type!: ChannelType;

  @ApiProperty({
    example: 'https://hooks.example.com/incidents',
    description: 'http(s) only; private, loopback and link-local destinations are refused unless ALLOW_PRIVATE_WEBHOOKS=true',
    maxLength: 2048,
  })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({
    example: 'whsec_6f1c0c1e9c0b4f4b8a1f2d3e4c5b6a79',
    description: 'WEBHOOK only: HMAC key for X-Signature (16-256 characters). Omitted: one is generated and returned once.',
  })
  @IsOptional()
  @IsString()
  @Length(16, 256)
  secret?: string;

  @ApiPropertyOptional({
    enum: NOTIFIABLE_EVENT_TYPES,
    isArray: true,
    example: ['incident.opened', 'incident.resolved'],
    description: 'Default: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(NOTIFIABLE_EVENT_TYPES, { each: true, message: `each value in events must be one of: ${NOTIFIABLE_EVENT_TYPES.join(', ')}` })
  events?: IncidentEventType[];

  @ApiPropertyOptional({ enum: Severity, example: Severity.HIGH, description: 'Only incidents at least this severe. Default LOW' })
  @IsOptional()
  @IsEnum(Severity)
  min_severity?: Severity;

  @ApiPropertyOptional({ example: true, description: 'Default true' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
