import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsServiceId, SERVICE_ID_PATTERN } from '../../common/service-id';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateApiKeyDto {
  @ApiProperty({ example: 'checkout-service production', description: 'What the key is for, shown in lists' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    type: String,
    example: 'checkout',
    nullable: true,
    pattern: SERVICE_ID_PATTERN.source,
    description:
      'Bind the key to one service: it may then only send logs for this service_id (1-128 characters of A-Z, a-z, 0-9, ".", "_" or "-"). ' +
      'Omit for a key that may write for any service.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  // A key bound to a service_id no log can carry would be a key that can write nothing.
  @IsServiceId()
  service_id?: string | null;
}
