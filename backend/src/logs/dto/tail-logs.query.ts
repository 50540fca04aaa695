import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { SearchLogsQueryDto } from './search-logs.query';

/**
 * `GET /logs/tail` parameters: the filters of `GET /logs` that apply to logs as they arrive
 * (plus `metadata.<key>=<value>`, read from the raw query). A time range, paging or an
 * incident make no sense for a stream of new logs: they are refused as unknown parameters.
 */
export class TailLogsQueryDto extends PickType(SearchLogsQueryDto, ['service_id', 'level', 'min_level', 'q'] as const) {
  @ApiPropertyOptional({ description: 'The JWT, for clients that cannot send headers (EventSource)' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  token?: string;
}

/** The data of a `skipped` event. */
export class TailSkippedEventDto {
  @ApiProperty({
    example: 412,
    description:
      'Logs left out since the previous event: matching ones that did not fit in the connection buffer while the client read ' +
      'too slowly, plus any this instance could not read in time under a flood (counted before filtering)',
  })
  skipped!: number;
}
