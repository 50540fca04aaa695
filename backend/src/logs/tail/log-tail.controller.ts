import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/decorators';
import { LiveStreamQuota, StreamAuthenticator } from '../../realtime';
import { LogDto } from '../dto/log.dto';
import { TailLogsQueryDto, TailSkippedEventDto } from '../dto/tail-logs.query';
import { TailLogsPipe } from '../search-logs.pipe';
import { LogTailConnections } from './log-tail-connections';
import { tailFilterOf } from './tail-filter';

const EXAMPLE_STREAM = [
  'retry: 2000',
  '',
  ': connected',
  '',
  'event: log',
  'data: {"id":"918273","timestamp":"2026-11-24T10:00:00.000Z","received_at":"2026-11-24T10:00:00.120Z","service_id":"payment-service","level":"ERROR","message":"Payment gateway timeout","metadata":{"transaction_id":"tx_123"}}',
  '',
  'event: skipped',
  'data: {"skipped":412}',
  '',
  ': heartbeat',
  '',
].join('\n');

@ApiTags('logs')
@Controller('logs')
export class LogTailController {
  private readonly filters = new TailLogsPipe();

  constructor(
    private readonly authenticator: StreamAuthenticator,
    private readonly connections: LogTailConnections,
    private readonly quota: LiveStreamQuota,
  ) {}

  // @Public: the guard only reads the Authorization header, and EventSource cannot send one;
  // the stream authenticates itself (header or ?token=) with the same rules as GET /events.
  // Every active user is at least a VIEWER, which is all this route requires.
  @Public()
  @Get('tail')
  @ApiBearerAuth('jwt')
  @ApiOperation({
    summary: 'Live tail: Server-Sent Events with every log committed from now on that matches the filters (VIEWER+)',
    description:
      'Same filters as `GET /logs` (`service_id`, `level` or `min_level`, `q` word search with the same syntax and matching, ' +
      '`metadata.<key>=<value>`), applied to logs as they are committed by any app instance; typically within a second of ' +
      'their `201`. Events: `log` (data: a log, as `GET /logs/:id` returns it) and `skipped` (data: `{skipped: N}`): a client ' +
      'that reads too slowly has up to `LOG_TAIL_BUFFER_LINES` lines / `LOG_TAIL_BUFFER_BYTES` bytes held for it, further ' +
      'lines are dropped, and once it has caught up a `skipped` event says how many, where they were. Heartbeat comments ' +
      'every 15 s. No replay: a reconnecting client continues from the moment it reconnects.',
  })
  @ApiQuery({ type: TailLogsQueryDto, required: false })
  @ApiQuery({
    name: 'metadata.{key}',
    required: false,
    type: String,
    example: 'tx_123',
    description: 'e.g. metadata.transaction_id=tx_123',
  })
  @ApiProduces('text/event-stream')
  @ApiExtraModels(LogDto, TailSkippedEventDto)
  @ApiOkResponse({
    description: `An endless text/event-stream. \`event: log\` carries a [log](${getSchemaPath(LogDto)}), \`event: skipped\` a [count](${getSchemaPath(TailSkippedEventDto)}).`,
    content: { 'text/event-stream': { schema: { type: 'string' }, example: EXAMPLE_STREAM } },
  })
  @ApiBadRequestResponse({
    description:
      'A bad filter (named in `details`): unknown level, level with min_level, a malformed metadata key, a parameter a stream does not take (from, to, cursor, limit, incident_id)',
  })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
  @ApiTooManyRequestsResponse({
    description:
      'The user already holds LIVE_STREAMS_PER_USER live streams (WebSocket, /events and tails together), or this instance ' +
      'holds LIVE_STREAMS_MAX (then with Retry-After)',
  })
  async tail(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = (request.query ?? {}) as Record<string, unknown>;
    // Who first (401 before 400, as behind the guard), then what.
    // Header, ?token= or the console's session cookie, as for GET /events.
    const identity = await this.authenticator.authenticate(StreamAuthenticator.credentialOf(request.url, request.headers)?.token);
    const { query: filters, metadata } = await this.filters.transform(query);
    const filter = tailFilterOf(filters, metadata);
    // One slot under the live-stream caps (WebSocket, /events and tails together); a refusal
    // is still an ordinary 429 answer because the reply is not hijacked yet.
    const slot = this.quota.acquire(identity.user.id);
    // From here on the raw response is ours; headers set by hooks (helmet, CORS) are kept.
    reply.hijack();
    const headers = Object.fromEntries(
      Object.entries(reply.getHeaders()).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
    );
    await this.connections.open(reply.raw, headers, identity, filter, slot);
  }
}
