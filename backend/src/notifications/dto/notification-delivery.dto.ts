import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { PageNumber, PageSize } from '../../common/paging';
import { DeliveryStatus } from '../../generated/prisma/enums';

export const DEFAULT_DELIVERIES_PAGE_SIZE = 50;

export class ListDeliveriesQueryDto {
  @PageNumber()
  page?: number;

  @PageSize({ default: DEFAULT_DELIVERIES_PAGE_SIZE, max: 200 })
  page_size?: number;

  @ApiPropertyOptional({ enum: DeliveryStatus, example: DeliveryStatus.FAILED })
  @IsOptional()
  @IsEnum(DeliveryStatus)
  status?: DeliveryStatus;
}

export class NotificationDeliveryDto {
  @ApiProperty({ example: '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' })
  id!: string;

  @ApiProperty({ example: '0b6e7c1a-5d4f-4e3b-9a2c-1d0e9f8a7b6c', description: 'The outbox event id, also sent as X-Event-Id' })
  event_id!: string;

  @ApiProperty({ example: 'incident.opened' })
  event_type!: string;

  @ApiProperty({ example: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', nullable: true, type: String })
  incident_id!: string | null;

  @ApiProperty({ enum: DeliveryStatus, example: DeliveryStatus.DELIVERED })
  status!: DeliveryStatus;

  @ApiProperty({ example: 1, description: 'Attempts made so far' })
  attempts!: number;

  @ApiProperty({ example: 200, nullable: true, type: Number })
  last_status_code!: number | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  last_error!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'When the next attempt is due (PENDING only)' })
  next_attempt_at!: string | null;

  @ApiProperty({ example: '2026-01-15T10:00:00.412Z', nullable: true, type: String })
  delivered_at!: string | null;

  @ApiProperty({ example: '2026-01-15T10:00:00.120Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-15T10:00:00.412Z' })
  updated_at!: string;
}

export class NotificationDeliveryPageDto {
  @ApiProperty({ type: [NotificationDeliveryDto] })
  items!: NotificationDeliveryDto[];

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 50 })
  page_size!: number;

  @ApiProperty({ example: 1, description: 'Deliveries of this channel matching the filter' })
  total!: number;
}
