import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChannelType, Severity } from '../../generated/prisma/enums';
import { NOTIFIABLE_EVENT_TYPES } from '../../outbox';

export class NotificationChannelDto {
  @ApiProperty({ example: '3f0d5c9e-2b8a-4d7e-9a41-1c2b3d4e5f60' })
  id!: string;

  @ApiProperty({ example: 'SRE on-call Slack' })
  name!: string;

  @ApiProperty({ enum: ChannelType, example: ChannelType.WEBHOOK })
  type!: ChannelType;

  @ApiProperty({ example: 'https://hooks.example.com/…', description: 'Scheme and host only: the full URL is never shown again' })
  url!: string;

  @ApiProperty({
    example: true,
    description: 'Whether a signing secret (WEBHOOK) or routing key (PAGERDUTY) is set; the value itself is never shown again',
  })
  has_secret!: boolean;

  @ApiProperty({ example: [], type: [String], description: 'EMAIL: the addresses messages go to; empty for other types' })
  recipients!: string[];

  @ApiProperty({ enum: NOTIFIABLE_EVENT_TYPES, isArray: true, example: ['incident.opened', 'incident.resolved'] })
  events!: string[];

  @ApiProperty({ enum: Severity, example: Severity.LOW })
  min_severity!: Severity;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({
    example: 0,
    description: 'Delivery attempts that failed in a row (0 after a success). From 5 on, the channel is paused between attempts',
  })
  consecutive_failures!: number;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description:
      'Set while the channel fails repeatedly: no delivery is attempted before then (they wait, PENDING), then one at a time until one succeeds. Other channels are not affected',
  })
  paused_until!: string | null;

  @ApiProperty({ example: '2026-01-15T10:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-15T10:00:00.000Z' })
  updated_at!: string;
}

export class NotificationChannelWithSecretDto extends NotificationChannelDto {
  @ApiPropertyOptional({
    example: 'whsec_0f9e8d7c6b5a49382716f5e4d3c2b1a0',
    description: 'Only when the server generated the secret (creation without one, or rotate_secret): shown this once',
  })
  secret?: string;
}

export class ChannelTestResultDto {
  @ApiProperty({ example: true, description: 'The receiver answered 2xx within the timeout' })
  delivered!: boolean;

  @ApiProperty({ example: 200, nullable: true, type: Number })
  status_code!: number | null;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description:
      'Why it failed: network error, timeout, refused destination, or the HTTP status (with the start of the body only while private destinations are refused: ALLOW_PRIVATE_WEBHOOKS=false)',
  })
  error!: string | null;
}
