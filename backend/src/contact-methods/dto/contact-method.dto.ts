import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ContactMethodType } from '../../generated/prisma/enums';

export class ContactMethodDto {
  @ApiProperty({ example: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })
  id!: string;

  @ApiProperty({ example: '5b1f3c2e-8d4a-4f7b-9c61-2a0e4b7d9f13' })
  user_id!: string;

  @ApiProperty({ enum: ContactMethodType, example: ContactMethodType.EMAIL })
  type!: ContactMethodType;

  @ApiProperty({ example: 'Work email' })
  label!: string;

  @ApiProperty({ example: 'alice@example.com', description: 'A WEBHOOK URL is shown as scheme and host only' })
  address!: string;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'SLACK_MEMBER: the SLACK channel that carries the mention' })
  slack_channel_id!: string | null;

  @ApiProperty({ example: false, description: 'Only verified methods are paged' })
  verified!: boolean;

  @ApiProperty({ example: null, nullable: true, type: String })
  verified_at!: string | null;

  @ApiProperty({ example: '2026-01-15T10:00:00.000Z' })
  created_at!: string;
}

export class ContactMethodWithVerificationDto extends ContactMethodDto {
  @ApiPropertyOptional({
    example: { sent: true, error: null },
    description: 'After creation or a resend: whether the code went out (if not, ask for a new one once the medium works)',
  })
  verification?: { sent: boolean; error: string | null };
}

export class ContactMethodTestResultDto {
  @ApiProperty({ example: true, description: 'The medium took it (HTTP 2xx, or the SMTP server accepted it)' })
  delivered!: boolean;

  @ApiProperty({ example: 200, nullable: true, type: Number, description: 'HTTP status, or the SMTP reply code' })
  status_code!: number | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  error!: string | null;
}
