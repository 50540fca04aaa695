import { Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '../auth';
import { AppMetrics } from '../metrics';
import { OutboxModule } from '../outbox';
import { UsersModule } from '../users';
import { EventStreamController } from './event-stream.controller';
import { LiveEventHub } from './live-event-hub';
import { LiveStreamQuota } from './live-stream-quota';
import { LiveUpdatesGateway } from './live-updates.gateway';
import { SseConnections } from './sse-connections';
import { StreamAuthenticator } from './stream-authenticator';

/**
 * Live updates (WebSocket /ws, SSE /events) of the outbox's events. Every live stream (the
 * logs' live tail too) authenticates with StreamAuthenticator and takes a LiveStreamQuota slot.
 */
@Module({
  imports: [AuthModule, UsersModule, OutboxModule],
  controllers: [EventStreamController],
  providers: [LiveEventHub, LiveStreamQuota, StreamAuthenticator, SseConnections, LiveUpdatesGateway],
  // LiveStreamQuota and StreamAuthenticator: for any other live stream (each takes a slot).
  exports: [LiveStreamQuota, StreamAuthenticator],
})
export class RealtimeModule implements OnModuleInit {
  constructor(
    private readonly metrics: AppMetrics,
    private readonly quota: LiveStreamQuota,
  ) {}

  onModuleInit(): void {
    this.metrics.sampleLiveStreams(() => this.quota.size);
  }
}
