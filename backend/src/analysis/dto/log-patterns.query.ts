import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { LOG_LEVELS } from '../../common/log-levels';
import type { LogLevel } from '../../generated/prisma/enums';
import { IsServiceId } from '../../common/service-id';

const LEVELS = [...LOG_LEVELS];
const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

export class LogPatternsQueryDto {
  @ApiPropertyOptional({ example: 'payment-service', description: 'Only this service' })
  @IsOptional()
  @IsServiceId()
  service_id?: string;

  @ApiPropertyOptional({ enum: LEVELS, example: 'ERROR', description: 'Only this level (any case)' })
  @IsOptional()
  @Transform(upperCase)
  @IsIn(LEVELS, { message: `level must be one of ${LEVELS.join(', ')}` })
  level?: LogLevel;

  @ApiPropertyOptional({ enum: LEVELS, example: 'WARN', description: 'This level and above (any case); not with level' })
  @IsOptional()
  @Transform(upperCase)
  @IsIn(LEVELS, { message: `min_level must be one of ${LEVELS.join(', ')}` })
  min_level?: LogLevel;

  @ApiPropertyOptional({ example: '2026-11-24T09:00:00Z', description: 'Start (ISO 8601, inclusive); default: one hour before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-24T10:00:00Z', description: 'End (ISO 8601, inclusive); default: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 500, default: 50, description: 'Templates returned, most frequent first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(500, { message: 'limit must be at most 500' })
  limit?: number;
}
