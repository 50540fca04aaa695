import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateApiKeyDto {
  @ApiProperty({ example: 'checkout-service production', description: 'What the key is for, shown in lists' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    example: 'checkout',
    nullable: true,
    description:
      'Bind the key to one service: it may then only send logs for this service_id. Omit for a key that may write for any service.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  // logs.service_id is VARCHAR(128).
  @MaxLength(128)
  service_id?: string | null;
}
