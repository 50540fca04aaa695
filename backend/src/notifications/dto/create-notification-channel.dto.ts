import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
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
    description:
      "SLACK: an incoming-webhook URL; WEBHOOK: your endpoint, signed; MS_TEAMS: a Teams Workflows webhook URL (Adaptive Card); EMAIL: `recipients` over the server's SMTP (refused when SMTP_HOST is not set); PAGERDUTY: Events API v2 with `routing_key`",
  })
  @IsEnum(ChannelType)
  type!: ChannelType;

  @ApiPropertyOptional({
    example: 'https://hooks.example.com/incidents',
    description:
      'SLACK, WEBHOOK and MS_TEAMS (required there; refused for EMAIL and PAGERDUTY). http(s) only; private, loopback and link-local destinations are refused unless ALLOW_PRIVATE_WEBHOOKS=true',
    maxLength: 2048,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({
    example: ['oncall@example.com', 'sre-leads@example.com'],
    description: 'EMAIL only (required there): 1-20 addresses every message goes to',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEmail({}, { each: true, message: 'each value in recipients must be an email address' })
  recipients?: string[];

  @ApiPropertyOptional({
    example: 'R0123456789ABCDEF0123456789ABCDE',
    description:
      'PAGERDUTY only (required there): the 32-character integration (routing) key of an Events API v2 integration. Encrypted at rest, never shown again',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9]{32}$/, { message: 'routing_key must be the 32 letters and digits of an Events API v2 integration key' })
  routing_key?: string;

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
