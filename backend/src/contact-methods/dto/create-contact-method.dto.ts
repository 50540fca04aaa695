import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { ContactMethodType } from '../../generated/prisma/enums';

export class CreateContactMethodDto {
  @ApiProperty({
    enum: ContactMethodType,
    example: ContactMethodType.EMAIL,
    description:
      "EMAIL: an address (needs the server's SMTP settings); SLACK_MEMBER: a Slack member id, mentioned in messages through the webhook of `slack_channel_id`; WEBHOOK: your own http(s) endpoint (same address checks as channels)",
  })
  @IsEnum(ContactMethodType)
  type!: ContactMethodType;

  @ApiProperty({ example: 'Work email', maxLength: 100, description: 'How you recognise it in lists and on the timeline' })
  @IsString()
  @Length(1, 100)
  label!: string;

  @ApiProperty({
    example: 'alice@example.com',
    maxLength: 2048,
    description:
      'EMAIL: an email address; SLACK_MEMBER: a member id such as U0123ABCD; WEBHOOK: an http(s) URL (encrypted at rest, shown masked)',
  })
  @IsString()
  @MaxLength(2048)
  address!: string;

  @ApiPropertyOptional({
    example: '3f0d5c9e-2b8a-4d7e-9a41-1c2b3d4e5f60',
    description: 'SLACK_MEMBER only (required there): an existing SLACK notification channel',
  })
  @IsOptional()
  @IsUUID()
  slack_channel_id?: string;
}

export class VerifyContactMethodDto {
  @ApiProperty({ example: '042913', description: 'The 6-digit code sent through the contact method' })
  @IsString()
  @Length(1, 20)
  code!: string;
}
