import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../common/auth/api-key-scopes';
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
      'Bind the key to one service: it may then only send logs, raise alerts and work incidents for this service_id (1-128 characters of A-Z, a-z, 0-9, ".", "_" or "-"). ' +
      'Omit for a key that may write for any service.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  // A key bound to a service_id no log can carry would be a key that can write nothing.
  @IsServiceId()
  service_id?: string | null;

  @ApiPropertyOptional({
    enum: API_KEY_SCOPES,
    isArray: true,
    example: ['alerts'],
    default: ['ingest'],
    description:
      'What the key may do: `ingest` (send logs), `alerts` (Alertmanager, Grafana and PagerDuty-style alert intake), ' +
      '`incidents:read`, `incidents:write` (includes read), `admin` (everything). Default: `["ingest"]`.',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes?: ApiKeyScope[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2027-06-30T00:00:00Z',
    nullable: true,
    description: 'After this instant the key is refused with 401. Must be in the future; omit for a key that never expires.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expires_at?: string | null;
}
