import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class OnCallQueryDto {
  @ApiPropertyOptional({ example: '2026-03-29T12:00:00Z', description: 'The instant to ask about. Default now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 date-time' })
  at?: string;
}

export class ShiftsQueryDto {
  @ApiPropertyOptional({ example: '2026-03-23T00:00:00Z', description: 'Default now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-04-06T00:00:00Z', description: 'Default from + 14 days; at most 90 days after from' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}
