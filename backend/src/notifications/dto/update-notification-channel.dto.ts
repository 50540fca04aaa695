import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { CreateNotificationChannelDto } from './create-notification-channel.dto';

/** Everything but the type can change; a channel of the other type is a new channel. */
export class UpdateNotificationChannelDto extends PartialType(OmitType(CreateNotificationChannelDto, ['type'] as const)) {
  @ApiPropertyOptional({ example: true, description: 'WEBHOOK only: replace the secret by a generated one, returned once' })
  @IsOptional()
  @IsBoolean()
  rotate_secret?: boolean;
}
