import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_SCOPES } from '../../common/auth/api-key-scopes';

interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  serviceId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  scopes: string[];
  expiresAt: Date | null;
}

/** An API key as listed: never the key itself nor its hash. */
export class ApiKeyResponse {
  @ApiProperty({ example: '0c7d5e7a-3b1e-4a4f-9d2b-6f1c8e2a9b44', format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'checkout-service production' })
  name!: string;

  @ApiProperty({ example: 'ilm_Xk3b9Q', description: 'First characters of the key, to recognise it' })
  prefix!: string;

  @ApiProperty({ example: 'checkout', nullable: true, type: String, description: 'null: may write for any service' })
  service_id!: string | null;

  @ApiProperty({ example: '2025-11-25T21:10:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2025-11-25T21:42:07.000Z', nullable: true, type: String, description: 'Updated at most once a minute' })
  last_used_at!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'Set when revoked; the key no longer works' })
  revoked_at!: string | null;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['ingest'], description: 'What the key may do' })
  scopes!: string[];

  @ApiProperty({ example: null, nullable: true, type: String, description: 'After this instant the key is refused (401); null: never' })
  expires_at!: string | null;

  static from(record: ApiKeyRecord): ApiKeyResponse {
    return {
      id: record.id,
      name: record.name,
      prefix: record.prefix,
      service_id: record.serviceId,
      created_at: record.createdAt.toISOString(),
      last_used_at: record.lastUsedAt?.toISOString() ?? null,
      revoked_at: record.revokedAt?.toISOString() ?? null,
      scopes: record.scopes,
      expires_at: record.expiresAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    example: 'ilm_Xk3b9QmV0p2Yc8rT1uLw4nJ6hGf5dSa7eZq9xBk2Cv0',
    description: 'The key. Shown only in this response: store it now, it cannot be retrieved later.',
  })
  key!: string;

  static withKey(record: ApiKeyRecord, key: string): CreatedApiKeyResponse {
    return { ...ApiKeyResponse.from(record), key };
  }
}
