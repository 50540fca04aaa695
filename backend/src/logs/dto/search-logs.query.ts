import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { PageSize } from '../../common/paging';
import { IsEnum, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { LogLevel } from '../../generated/prisma/enums';
import { IsServiceId } from '../../common/service-id';
import { LOG_LEVEL_LIST } from '../../common/log-levels';

const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);
const LEVELS = LOG_LEVEL_LIST;
export const DEFAULT_SEARCH_LIMIT = 100;

/**
 * `GET /logs` parameters other than `metadata.<key>=<value>`, which are read from the raw
 * query (their names are not known in advance: see log-search.ts).
 */
export class SearchLogsQueryDto {
  @ApiPropertyOptional({ example: 'payment-service' })
  @IsOptional()
  @IsServiceId()
  service_id?: string;

  @ApiPropertyOptional({ enum: LogLevel, example: 'ERROR', description: 'Exactly this level (any case). Not together with min_level.' })
  @IsOptional()
  @Transform(upperCase)
  @IsEnum(LogLevel, { message: `level must be one of ${LEVELS}` })
  level?: LogLevel;

  @ApiPropertyOptional({ enum: LogLevel, example: 'WARN', description: 'This level and above (DEBUG < INFO < WARN < ERROR < FATAL)' })
  @IsOptional()
  @Transform(upperCase)
  @IsEnum(LogLevel, { message: `min_level must be one of ${LEVELS}` })
  min_level?: LogLevel;

  @ApiPropertyOptional({ example: '2026-11-24T00:00:00Z', description: 'Logs at or after this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-25T00:00:00Z', description: 'Logs before this time (ISO 8601, exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({
    example: 'gateway timeout',
    description: 'Full-text search in the message: words (all must appear), "quoted phrases", OR, -excluded (web search syntax)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ example: '3f0c7a9e-1b2d-4c5e-8f90-123456789abc', description: 'Only logs attached to this incident' })
  @IsOptional()
  @IsUUID('all', { message: 'incident_id must be a UUID' })
  incident_id?: string;

  @PageSize({ default: DEFAULT_SEARCH_LIMIT, max: 1000, description: 'Logs per page' })
  limit?: number;

  @ApiPropertyOptional({
    description: 'next_cursor of the previous page, unchanged',
    example: 'WyIyMDI2LTExLTI0VDEwOjAwOjAwLjAwMFoiLCIxMjM0NSJd',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
