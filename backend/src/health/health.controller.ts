import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../common/auth/decorators';
import { DatabaseHealthIndicator } from './database.health';
import { WritePathHealthIndicator } from './write-path.health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly writePath: WritePathHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers (does not touch the database)' })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: {}, error: {}, details: {} } } })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: the database answers and ingested logs get committed; 503 when either fails',
    description:
      '`write_path` is down while the last group commit of ingested logs failed (database down, read-only, locked or too slow) ' +
      'and none has succeeded since, for up to 10 s, or while logs have waited longer than INGEST_WRITE_TIMEOUT_MS.',
  })
  @ApiOkResponse({
    schema: {
      example: {
        status: 'ok',
        info: { database: { status: 'up', latency_ms: 1 }, write_path: { status: 'up', backlog_logs: 0 } },
        error: {},
        details: { database: { status: 'up', latency_ms: 1 }, write_path: { status: 'up', backlog_logs: 0 } },
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description: 'The database is unreachable, or the ingest queue cannot commit (`write_path` down, with its reason)',
    schema: {
      example: {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'Service Unavailable Exception',
        details: { write_path: { status: 'down', reason: 'commits_failing', backlog_logs: 120 } },
      },
    },
  })
  ready() {
    return this.health.check([() => this.database.isReachable(), () => this.writePath.check()]);
  }
}
