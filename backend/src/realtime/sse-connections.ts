import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { IncidentEventPayload } from '../outbox';
import { LiveEventHub } from './live-event-hub';
import { LIVE_STREAM_MAX_BUFFERED_BYTES, type LiveStreamSlot } from './live-stream-quota';
import { sseComment, sseEvent, sseRetry } from '../common/sse-frame';
import { OpenStreams } from './open-streams';
import { StreamAuthenticator, type StreamIdentity } from './stream-authenticator';

const RECONNECT_DELAY_MS = 2000;
/** How long a replay waits for a slow client to take in what was written so far. */
const REPLAY_DRAIN_TIMEOUT_MS = 10_000;

interface SseClient {
  response: ServerResponse;
  identity: StreamIdentity;
  close(): void;
}

/** The open `GET /events` streams of this instance: fan-out, heartbeats, and closing them at shutdown. */
@Injectable()
export class SseConnections implements OnModuleInit, OnModuleDestroy {
  private readonly clients: OpenStreams<SseClient>;

  constructor(
    private readonly hub: LiveEventHub,
    authenticator: StreamAuthenticator,
  ) {
    this.clients = new OpenStreams(authenticator, (client) => client.response.write(sseComment('heartbeat')));
  }

  onModuleInit(): void {
    this.clients.start();
  }

  onModuleDestroy(): void {
    this.clients.stop();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends revoked streams (EventSource then reconnects with the same token and gets 401). */
  closeRevoked(): Promise<void> {
    return this.clients.closeRevoked();
  }

  /**
   * Starts the stream on an already-authenticated, hijacked response; from here on the stream
   * owns `slot` and gives it back when it ends. With a Last-Event-ID, the events missed since
   * then are sent first (waiting for the client to read them, since 1000 of them exceed the
   * buffer limit); live events arriving meanwhile wait their turn. A live event that finds the
   * client more than LIVE_STREAM_MAX_BUFFERED_BYTES behind ends the stream instead: EventSource
   * reconnects with the last id it got and the replay brings it what it missed.
   */
  async open(
    response: ServerResponse,
    headers: Record<string, string>,
    { identity, slot }: { identity: StreamIdentity; slot: LiveStreamSlot },
    lastEventId?: string,
  ): Promise<void> {
    let replaying = true;
    const held: IncidentEventPayload[] = [];
    const sent = new Set<string>();
    const write = (event: IncidentEventPayload) => {
      if (!this.clients.has(client)) return;
      if (response.writableLength > LIVE_STREAM_MAX_BUFFERED_BYTES) return client.close();
      response.write(sseEvent({ id: event.id, event: event.event, data: event }));
    };

    let expiry: NodeJS.Timeout | undefined;
    const unsubscribe = this.hub.subscribe((event) => (replaying ? held.push(event) : write(event)));
    const client: SseClient = {
      response,
      identity,
      close: () => {
        if (!this.clients.delete(client)) return;
        slot.release();
        unsubscribe();
        clearTimeout(expiry);
        response.end();
      },
    };
    this.clients.add(client);
    response.on('close', () => client.close());
    if (identity.expiresAt) expiry = setTimeout(() => client.close(), Math.max(0, identity.expiresAt - Date.now()));

    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Nothing can follow an endless response on its connection: close it with the stream.
      connection: 'close',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    response.write(sseRetry(RECONNECT_DELAY_MS) + sseComment('connected'));

    try {
      for (const event of lastEventId ? await this.hub.eventsAfter(lastEventId) : []) {
        if (response.writableLength > LIVE_STREAM_MAX_BUFFERED_BYTES) await this.drained(response);
        if (response.writableLength > LIVE_STREAM_MAX_BUFFERED_BYTES) return client.close();
        sent.add(event.id);
        write(event);
      }
    } finally {
      replaying = false;
      held.filter((event) => !sent.has(event.id)).forEach(write);
    }
  }

  /** Waits until the client took in what is buffered, went away, or REPLAY_DRAIN_TIMEOUT_MS passed. */
  private async drained(response: ServerResponse): Promise<void> {
    const done = new AbortController();
    const timer = setTimeout(() => done.abort(), REPLAY_DRAIN_TIMEOUT_MS);
    try {
      await Promise.race([once(response, 'drain', { signal: done.signal }), once(response, 'close', { signal: done.signal })]);
    } catch {
      // timed out: the caller sees the buffer still full
    } finally {
      clearTimeout(timer);
      done.abort();
    }
  }
}
