import { ApiProperty } from '@nestjs/swagger';
import { LogLevel } from '../../generated/prisma/enums';
import type { LogRecord } from '../logs.repository';

export class LogDto {
  @ApiProperty({ example: '918273', description: 'bigint, as a string' })
  id!: string;

  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' })
  timestamp!: string;

  @ApiProperty({ example: '2026-11-24T10:00:00.120Z', description: 'When the service received it' })
  received_at!: string;

  @ApiProperty({ example: 'payment-service' })
  service_id!: string;

  @ApiProperty({ enum: LogLevel, example: 'ERROR' })
  level!: LogLevel;

  @ApiProperty({ example: 'Payment gateway timeout' })
  message!: string;

  @ApiProperty({ example: { transaction_id: 'tx_123' }, nullable: true, type: 'object', additionalProperties: true })
  metadata!: Record<string, unknown> | null;

  static from(record: LogRecord): LogDto {
    return {
      id: record.id,
      timestamp: record.timestamp.toISOString(),
      received_at: record.received_at.toISOString(),
      service_id: record.service_id,
      level: record.level,
      message: record.message,
      metadata: record.metadata,
    };
  }
}

export class LogPageDto {
  @ApiProperty({ type: [LogDto], description: 'Newest first' })
  data!: LogDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'WyIyMDI2LTExLTI0VDEwOjAwOjAwLjAwMFoiLCIxMjM0NSJd',
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  next_cursor!: string | null;
}
