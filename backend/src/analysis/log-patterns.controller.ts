import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { LogPatternsDto } from './dto/log-patterns.dto';
import { LogPatternsQueryDto } from './dto/log-patterns.query';
import { LogPatternsService } from './log-patterns.service';

const DEFAULT_LIMIT = 50;

// A controller of its own at the static path `logs/patterns`: Fastify's router prefers
// static segments over parameters, so this wins over the logs feature's `GET /logs/:id`.
@ApiTags('analysis')
@Controller('logs/patterns')
export class LogPatternsController {
  constructor(private readonly patterns: LogPatternsService) {}

  @Get()
  @Roles(Role.VIEWER)
  @ApiOperation({
    summary: 'Log templates (Drain) over a time window: count, first/last seen, an example, services, levels',
    description:
      'Default window: the last hour. Mines the newest logs first, at most ANALYSIS_MAX_LOGS (100,000) of them and for at most ' +
      'ANALYSIS_PATTERNS_TIME_BUDGET_MS (3 s), in a worker thread; `truncated` and `truncated_by` say when the answer covers ' +
      'only the newest `scanned` logs of the window. At most ANALYSIS_PATTERNS_CONCURRENCY (2) analyses run at once.',
  })
  @ApiOkResponse({ type: LogPatternsDto })
  @ApiBadRequestResponse({ description: 'Invalid filter (the message names the field)' })
  @ApiTooManyRequestsResponse({
    description: 'ANALYSIS_PATTERNS_CONCURRENCY analyses are already running; retry after the Retry-After header (seconds)',
  })
  async find(@Query() query: LogPatternsQueryDto): Promise<LogPatternsDto> {
    const result = await this.patterns.findPatterns({
      serviceId: query.service_id,
      level: query.level,
      minLevel: query.min_level,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return LogPatternsDto.from(result);
  }
}
