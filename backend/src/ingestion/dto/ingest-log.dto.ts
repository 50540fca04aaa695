import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOG_LEVELS } from '../../common/log-levels';

// Documentation of the request body only: the hot path validates with validateLog()
// (log-validation.ts), which reports every bad log by index and field.

export class IngestLogDto {
  @ApiProperty({
    example: 'payment-service',
    pattern: '^[A-Za-z0-9._-]{1,128}$',
    description: 'The sending service. May be left out with an API key bound to a service (that service is used).',
  })
  service_id!: string;

  @ApiProperty({ example: 'ERROR', enum: LOG_LEVELS, description: 'Any case' })
  level!: string;

  @ApiProperty({ example: 'Payment gateway timeout', description: 'At most INGEST_MAX_MESSAGE_BYTES (32 KB) of UTF-8' })
  message!: string;

  @ApiPropertyOptional({
    example: '2026-11-24T10:00:00Z',
    description: 'ISO 8601 with a time zone; default: the receive time. At most 1 day in the future.',
  })
  timestamp?: string;

  @ApiPropertyOptional({
    example: { transaction_id: 'tx_123' },
    type: 'object',
    additionalProperties: true,
    description: 'Any JSON object: at most INGEST_MAX_METADATA_BYTES (16 KB) serialised and INGEST_MAX_METADATA_DEPTH (10) levels deep',
  })
  metadata?: Record<string, unknown>;
}

export class IngestBatchDto {
  @ApiProperty({ type: [IngestLogDto], description: 'At most INGEST_MAX_LOGS (1,000) logs' })
  logs!: IngestLogDto[];
}

export class IngestAcceptedDto {
  @ApiProperty({ example: 1, description: 'Logs committed to the database' })
  accepted!: number;
}
