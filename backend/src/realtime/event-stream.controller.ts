import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/decorators';
import { SseConnections } from './sse-connections';
import { StreamAuthenticator } from './stream-authenticator';

@ApiTags('live updates')
@Controller('events')
export class EventStreamController {
  constructor(
    private readonly authenticator: StreamAuthenticator,
    private readonly connections: SseConnections,
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
      '`Last-Event-ID` replays what was missed (up to 1000 events). The WebSocket at `/ws` carries the same events.',
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
  async stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Headers('last-event-id') lastEventId?: string): Promise<void> {
    // A GET that only reads: the cookie needs no CSRF token, and CORS (no credentials) keeps
    // other sites from reading the stream.
    const identity = await this.authenticator.authenticate(StreamAuthenticator.credentialOf(request.url, request.headers)?.token);
    // From here on the raw response is ours; headers set by hooks (helmet, CORS) are kept.
    reply.hijack();
    const headers = Object.fromEntries(
      Object.entries(reply.getHeaders()).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
    );
    await this.connections.open(reply.raw, headers, identity, lastEventId);
  }
}
