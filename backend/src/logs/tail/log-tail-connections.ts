import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { sseComment, sseRetry } from '../../common/sse-frame';
import { OpenStreams, StreamAuthenticator, type LiveStreamSlot, type StreamIdentity } from '../../realtime';
import type { LogMatchFilters } from '../log-search';
import { LogTailHub } from './log-tail-hub';
import { TailStream } from './tail-stream';

const RECONNECT_DELAY_MS = 2000;

interface TailClient {
  identity: StreamIdentity;
  stream: TailStream;
  /** Set once the hub feeds the stream. */
  unsubscribe?: () => void;
  close(): void;
}

/** The open `GET /logs/tail` streams of this instance: heartbeats, token checks, closing them at shutdown. */
@Injectable()
export class LogTailConnections implements OnModuleInit, OnModuleDestroy {
  private readonly clients: OpenStreams<TailClient>;
  private readonly limits: AppConfig['logTail'];

  constructor(
    private readonly hub: LogTailHub,
    authenticator: StreamAuthenticator,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limits = config.logTail;
    this.clients = new OpenStreams(authenticator, (client) => client.stream.heartbeat());
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

  /** Ends the streams whose token was revoked or whose user was deactivated since they opened. */
  closeRevoked(): Promise<void> {
    return this.clients.closeRevoked();
  }

  /** Starts the stream on an authenticated, hijacked response; `slot` is released when it ends. */
  async open(
    response: ServerResponse,
    headers: Record<string, string>,
    identity: StreamIdentity,
    filter: LogMatchFilters,
    slot: LiveStreamSlot,
  ): Promise<void> {
    const stream = new TailStream(response, this.limits);
    let expiry: NodeJS.Timeout | undefined;
    const client: TailClient = {
      identity,
      stream,
      close: () => {
        if (!this.clients.delete(client)) return;
        stream.close();
        client.unsubscribe?.();
        clearTimeout(expiry);
        slot.release();
        response.end();
      },
    };
    this.clients.add(client);
    response.on('close', () => client.close());
    if (identity.expiresAt) expiry = setTimeout(() => client.close(), Math.max(0, identity.expiresAt - Date.now()));

    // Headers are set now but leave with the first write: a client that has them is
    // subscribed, so a log committed after that reaches it.
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Nothing can follow an endless response on its connection: close it with the stream.
      connection: 'close',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    const stop = await this.hub.subscribe(filter, stream);
    // The client may have gone (or the app closed) while this instance started listening.
    if (!this.clients.has(client)) return stop();
    client.unsubscribe = stop;
    response.write(sseRetry(RECONNECT_DELAY_MS) + sseComment('connected'));
  }
}
