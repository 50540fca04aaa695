import { Controller, ForbiddenException, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AppMetrics } from './app-metrics';
import { MetricsAccessPolicy } from './metrics-access';

const EXAMPLE = [
  '# HELP http_requests_total HTTP requests answered, by method, route pattern (unmatched: no route) and status code',
  '# TYPE http_requests_total counter',
  'http_requests_total{method="POST",route="/ingest",status="201"} 1520',
  '# HELP ingest_logs_accepted_total Logs committed to the database (counted per group commit)',
  '# TYPE ingest_logs_accepted_total counter',
  'ingest_logs_accepted_total 1520',
].join('\n');

@ApiTags('metrics')
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly access: MetricsAccessPolicy;

  constructor(
    private readonly metrics: AppMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.access = new MetricsAccessPolicy({ nodeEnv: config.nodeEnv, token: config.metrics.token, allow: config.metrics.allow });
  }

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics of this instance (text exposition format)',
    description:
      'For a Prometheus scrape job. Needs `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set and a client ' +
      'address in METRICS_ALLOW when that is set (both when both are). With neither set: loopback clients only, and ' +
      'nobody when NODE_ENV=production. Database-backed values (incidents_open, outbox_lag_seconds) are at most 5 s old.',
  })
  @ApiSecurity('metrics-token')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The metrics', content: { 'text/plain': { schema: { type: 'string', example: EXAMPLE } } } })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the request does not carry it as a bearer token' })
  @ApiForbiddenResponse({
    description:
      'The client address is not in METRICS_ALLOW (not loopback, when nothing is configured), or NODE_ENV=production with neither setting',
  })
  async scrape(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const decision = this.access.decide(request.socket.remoteAddress, request.headers.authorization);
    if (decision === 'token_required') {
      void reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException('A valid metrics token is required (Authorization: Bearer <METRICS_TOKEN>)');
    }
    if (decision === 'address_refused') throw new ForbiddenException('This client address may not read the metrics (METRICS_ALLOW)');
    if (decision === 'not_configured') {
      throw new ForbiddenException('Metrics are closed: set METRICS_TOKEN or METRICS_ALLOW to let Prometheus scrape them');
    }
    void reply.header('Content-Type', this.metrics.contentType).header('Cache-Control', 'no-store');
    return this.metrics.scrape();
  }
}
