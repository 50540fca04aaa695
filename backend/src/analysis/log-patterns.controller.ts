import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
      'Default window: the last hour. Scans at most ANALYSIS_MAX_LOGS logs, newest first (`truncated` says when there were more).',
  })
  @ApiOkResponse({ type: LogPatternsDto })
  @ApiBadRequestResponse({ description: 'Invalid filter (the message names the field)' })
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
