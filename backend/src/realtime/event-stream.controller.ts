import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth/decorators';
import { LiveStreamQuota } from './live-stream-quota';
import { SseConnections } from './sse-connections';
import { StreamAuthenticator } from './stream-authenticator';

@ApiTags('live updates')
@Controller('events')
export class EventStreamController {
  constructor(
    private readonly authenticator: StreamAuthenticator,
    private readonly connections: SseConnections,
    private readonly quota: LiveStreamQuota,
  ) {}

  // @Public: the guard only reads the Authorization header, and EventSource cannot send
  // one; the stream authenticates itself (header, ?token= or the session cookie) with the same rules.
  @Public()
  @Get()
  @ApiBearerAuth('jwt')
  @ApiOperation({
    summary: 'Server-Sent Events: every incident event as it happens (any signed-in user)',
    description:
      'Each event: `id:` the outbox event id, `event:` its type (e.g. incident.opened), `data:` JSON ' +
      '`{id, event, occurred_at, incident, data?}`. Heartbeat comments every 15 s. Reconnecting with ' +
      '`Last-Event-ID` replays what was missed (up to 1000 events). The WebSocket at `/ws` carries the same events. ' +
      'Each user may hold LIVE_STREAMS_PER_USER streams (WebSocket and SSE together) and the instance LIVE_STREAMS_MAX: ' +
      'beyond either, 429. A client that falls more than 128 KB behind is disconnected; EventSource then reconnects with ' +
      '`Last-Event-ID` and gets what it missed.',
  })
  @ApiQuery({
    name: 'token',
    required: false,
    description: 'The JWT, for clients that cannot send headers (EventSource); the console sends its session cookie instead',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An endless text/event-stream' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
  @ApiTooManyRequestsResponse({
    description:
      'The user already holds LIVE_STREAMS_PER_USER live streams (close one first), or this instance holds LIVE_STREAMS_MAX ' +
      '(then with Retry-After)',
    headers: { 'Retry-After': { description: 'Seconds to wait (instance full only)', schema: { type: 'integer', example: 10 } } },
    schema: {
      example: {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Too many live streams open for this user (limit 10): close one first',
      },
    },
  })
  async stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Headers('last-event-id') lastEventId?: string): Promise<void> {
    // A GET that only reads: the cookie needs no CSRF token, and CORS (no credentials) keeps
    // other sites from reading the stream.
    const identity = await this.authenticator.authenticate(StreamAuthenticator.credentialOf(request.url, request.headers)?.token);
    // Taken before the hijack, so that a refusal is still an ordinary 429 answer.
    const slot = this.quota.acquire(identity.user.id);
    // From here on the raw response is ours; headers set by hooks (helmet, CORS) are kept.
    reply.hijack();
    const headers = Object.fromEntries(
      Object.entries(reply.getHeaders()).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
    );
    await this.connections.open(reply.raw, headers, { identity, slot }, lastEventId);
  }
}
