import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { LogDto, LogPageDto } from './dto/log.dto';
import { LogStatsDto, LogStatsQueryDto } from './dto/log-stats.dto';
import { SearchLogsQueryDto } from './dto/search-logs.query';
import { LogsService } from './logs.service';
import { RawQuery, SearchLogsPipe, type LogSearchRequest } from './search-logs.pipe';

@ApiTags('logs')
@Roles(Role.VIEWER)
@Controller('logs')
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  @Get()
  @ApiOperation({
    summary: 'Search logs, newest first',
    description:
      'Filters combine with AND. Keyset pagination: pass `next_cursor` as `cursor` for the next page; pages stay consistent while ' +
      'logs keep arriving. `metadata.<key>=<value>` (repeatable for different keys, nested keys with dots: `metadata.http.status=500`) ' +
      'matches the text form of that metadata value.',
  })
  @ApiQuery({ type: SearchLogsQueryDto, required: false })
  @ApiQuery({
    name: 'metadata.{key}',
    required: false,
    type: String,
    example: 'tx_123',
    description: 'e.g. metadata.transaction_id=tx_123',
  })
  @ApiOkResponse({ type: LogPageDto })
  @ApiBadRequestResponse({ description: 'Invalid filter, e.g. level and min_level together, from after to, a tampered cursor' })
  search(@RawQuery(SearchLogsPipe) request: LogSearchRequest): Promise<LogPageDto> {
    return this.logs.search(request.query, request.metadata);
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Log counts per time bucket and level',
    description: 'Buckets of 1m, 5m, 1h or 1d aligned to UTC, every bucket listed (zeros included). Default range: the last 24 hours.',
  })
  @ApiOkResponse({ type: LogStatsDto })
  @ApiBadRequestResponse({ description: 'Unknown interval, from after to, or more than 5,000 buckets' })
  stats(@Query() query: LogStatsQueryDto): Promise<LogStatsDto> {
    return this.logs.stats(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One log by id' })
  @ApiParam({ name: 'id', example: '918273', description: 'The log id (a whole number)' })
  @ApiOkResponse({ type: LogDto })
  @ApiBadRequestResponse({ description: 'The id is not a whole number' })
  @ApiNotFoundResponse({ description: 'No log with this id (or it was removed by retention)' })
  findOne(@Param('id') id: string): Promise<LogDto> {
    return this.logs.findById(id);
  }
}
