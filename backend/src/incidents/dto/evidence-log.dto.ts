import { ApiProperty } from '@nestjs/swagger';
import { LogLevel } from '../../generated/prisma/enums';
import { PageMetaDto } from './page.dto';

/** A log linked to an incident. Its content is null when retention has removed the log. */
export class EvidenceLogDto {
  @ApiProperty({ example: '1048576' })
  id!: string;

  @ApiProperty({ example: '2026-11-24T10:00:01.000Z' })
  timestamp!: string;

  @ApiProperty({ type: String, nullable: true, example: 'payment-service' })
  service_id!: string | null;

  @ApiProperty({ enum: LogLevel, nullable: true, example: 'ERROR' })
  level!: LogLevel | null;

  @ApiProperty({ type: String, nullable: true, example: 'Payment gateway timeout' })
  message!: string | null;

  @ApiProperty({ type: Object, nullable: true, example: { transaction_id: 'tx_123' } })
  metadata!: unknown;
}

export class EvidencePageDto {
  @ApiProperty({ type: [EvidenceLogDto] })
  data!: EvidenceLogDto[];

  @ApiProperty({ type: PageMetaDto })
  meta!: PageMetaDto;
}
