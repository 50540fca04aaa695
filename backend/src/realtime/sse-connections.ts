import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { IncidentEventPayload } from '../incidents/incident-events';
import { LiveEventHub } from './live-event-hub';
import { sseComment, sseEvent, sseRetry } from './sse-frame';
import { STREAM_RECHECK_MS, StreamAuthenticator, type StreamIdentity } from './stream-authenticator';

const HEARTBEAT_MS = 15_000;
const RECONNECT_DELAY_MS = 2000;
/** A client this far behind is cut off rather than buffered without limit. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface SseClient {
  response: ServerResponse;
  identity: StreamIdentity;
  close(): void;
}

/** The open `GET /events` streams of this instance: fan-out, heartbeats, and closing them at shutdown. */
@Injectable()
export class SseConnections implements OnModuleInit, OnModuleDestroy {
  private readonly clients = new Set<SseClient>();
  private heartbeat?: NodeJS.Timeout;
  private recheck?: NodeJS.Timeout;

  constructor(
    private readonly hub: LiveEventHub,
    private readonly authenticator: StreamAuthenticator,
  ) {}

  onModuleInit(): void {
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.response.write(sseComment('heartbeat'));
    }, HEARTBEAT_MS);
    this.recheck = setInterval(() => void this.closeRevoked(), STREAM_RECHECK_MS);
  }

  /** Open streams would keep the HTTP server (and app.close()) waiting forever. */
  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.recheck);
    for (const client of [...this.clients]) client.close();
  }

  get size(): number {
    return this.clients.size;
  }

  /**
   * Ends the streams whose token was revoked or whose user was deactivated since they opened
   * (EventSource then reconnects with the same token and gets 401). With the database
   * unreachable nothing is closed: the next round decides.
   */
  async closeRevoked(): Promise<void> {
    let revoked: SseClient[];
    try {
      revoked = await this.authenticator.revoked([...this.clients]);
    } catch {
      return;
    }
    revoked.forEach((client) => client.close());
  }

  /**
   * Starts the stream on an already-authenticated, hijacked response. With a Last-Event-ID,
   * the events missed since then are sent first; live events arriving meanwhile wait their turn.
   */
  async open(response: ServerResponse, headers: Record<string, string>, identity: StreamIdentity, lastEventId?: string): Promise<void> {
    let replaying = true;
    const held: IncidentEventPayload[] = [];
    const sent = new Set<string>();
    const write = (event: IncidentEventPayload) => {
      if (response.writableLength > MAX_BUFFERED_BYTES) return client.close();
      response.write(sseEvent({ id: event.id, event: event.event, data: event }));
    };

    let expiry: NodeJS.Timeout | undefined;
    const unsubscribe = this.hub.subscribe((event) => (replaying ? held.push(event) : write(event)));
    const client: SseClient = {
      response,
      identity,
      close: () => {
        if (!this.clients.delete(client)) return;
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
        sent.add(event.id);
        write(event);
      }
    } finally {
      replaying = false;
      held.filter((event) => !sent.has(event.id)).forEach(write);
    }
  }
}
