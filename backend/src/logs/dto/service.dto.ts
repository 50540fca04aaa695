import { ApiProperty } from '@nestjs/swagger';
import { LevelCountsDto } from './log-stats.dto';

export class ServiceSummaryDto {
  @ApiProperty({ example: 'payment-service' })
  service_id!: string;

  @ApiProperty({ example: '2026-11-01T08:12:00.000Z', description: 'Time of its oldest log received' })
  first_seen_at!: string;

  @ApiProperty({ example: '2026-11-24T10:00:00.000Z', description: 'Time of its newest log (may lag by about a second)' })
  last_seen_at!: string;

  @ApiProperty({ type: LevelCountsDto, description: 'Logs per level with a timestamp in the last hour' })
  last_hour!: LevelCountsDto;

  @ApiProperty({ example: 5558, description: 'Sum of last_hour' })
  last_hour_total!: number;
}

export class ServiceListDto {
  @ApiProperty({ type: [ServiceSummaryDto], description: 'By service_id' })
  data!: ServiceSummaryDto[];
}
