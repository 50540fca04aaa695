import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventStreamController } from './event-stream.controller';
import { IncidentEventListener } from './incident-event-listener';
import { LiveEventHub } from './live-event-hub';
import { LiveStreamQuota } from './live-stream-quota';
import { LiveUpdatesGateway } from './live-updates.gateway';
import { SseConnections } from './sse-connections';
import { StreamAuthenticator } from './stream-authenticator';

/**
 * Live updates (WebSocket /ws, SSE /events) and the instance's one LISTEN connection, which
 * it shares: notifications import this module for the listener's wake-ups, logs for the
 * live tail (its channel). Every live stream authenticates with StreamAuthenticator and takes a
 * LiveStreamQuota slot.
 */
@Module({
  imports: [AuthModule],
  controllers: [EventStreamController],
  providers: [IncidentEventListener, LiveEventHub, LiveStreamQuota, StreamAuthenticator, SseConnections, LiveUpdatesGateway],
  // LiveStreamQuota and StreamAuthenticator: for any other live stream (each takes a slot).
  exports: [IncidentEventListener, LiveStreamQuota, StreamAuthenticator],
})
export class RealtimeModule {}
