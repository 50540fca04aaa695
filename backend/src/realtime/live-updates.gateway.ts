import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { IncidentEventPayload } from '../outbox';
import { LiveEventHub } from './live-event-hub';
import {
  CLOSE_TRY_AGAIN_LATER,
  LIVE_STREAM_MAX_BUFFERED_BYTES,
  LiveStreamLimitReached,
  LiveStreamQuota,
  type LiveStreamSlot,
} from './live-stream-quota';
import { STREAM_RECHECK_MS, StreamAuthenticator, type StreamIdentity } from './stream-authenticator';

/** No Origin: not a browser. Otherwise the page must come from the host it connects to. */
function isSameOrigin(headers: IncomingMessage['headers']): boolean {
  if (!headers.origin) return true;
  try {
    return new URL(headers.origin).host === headers.host;
  } catch {
    return false;
  }
}

/** Close codes in the private range: the client can tell "log in again" from a network error. */
export const CLOSE_UNAUTHORIZED = 4401;
const PING_INTERVAL_MS = 30_000;
// A client too slow to read its events rarely reads the close frame queued behind them either.
const SLOW_CLOSE_GRACE_MS = 2000;

interface LiveSocket {
  socket: WebSocket;
  identity: StreamIdentity;
  alive: boolean;
  slot: LiveStreamSlot;
  unsubscribe(): void;
  expiry?: NodeJS.Timeout;
}

/**
 * WebSocket at /ws: authenticate at connect (`?token=` or Authorization header), then receive
 * `{id, event, occurred_at, incident, data?}` for every incident event. The first message is
 * `{"event":"connected"}`: events after it are guaranteed to arrive. Clients send nothing.
 * Refusals close the socket: 4401 (token), 1008 (too many streams for the user), 1013 (the
 * instance is full, or later: the client fell more than LIVE_STREAM_MAX_BUFFERED_BYTES behind).
 */
@WebSocketGateway({ path: '/ws', maxPayload: 4096 })
export class LiveUpdatesGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveUpdatesGateway.name);
  private readonly sockets = new Map<WebSocket, LiveSocket>();
  private pinger?: NodeJS.Timeout;
  private recheck?: NodeJS.Timeout;

  constructor(
    private readonly authenticator: StreamAuthenticator,
    private readonly hub: LiveEventHub,
    private readonly quota: LiveStreamQuota,
  ) {}

  onModuleInit(): void {
    // Dead peers (no pong since the last ping) are dropped: nothing else would notice them.
    this.pinger = setInterval(() => {
      for (const [socket, state] of this.sockets) {
        if (!state.alive) socket.terminate();
        state.alive = false;
        socket.ping();
      }
    }, PING_INTERVAL_MS);
    this.recheck = setInterval(() => void this.closeRevoked(), STREAM_RECHECK_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.pinger);
    clearInterval(this.recheck);
    for (const socket of [...this.sockets.keys()]) this.forget(socket);
  }

  async handleConnection(socket: WebSocket, request: IncomingMessage): Promise<void> {
    let identity;
    try {
      const credential = StreamAuthenticator.credentialOf(request.url, request.headers);
      // Browsers attach cookies to cross-site WebSocket handshakes that SameSite does not
      // cover in every browser: a cookie-authenticated socket must come from this origin.
      if (credential?.via === 'cookie' && !isSameOrigin(request.headers))
        throw new Error('Cross-origin WebSocket with the session cookie refused');
      identity = await this.authenticator.authenticate(credential?.token);
    } catch (error) {
      socket.close(CLOSE_UNAUTHORIZED, (error as Error).message.slice(0, 120));
      return;
    }
    if (socket.readyState !== socket.OPEN) return;
    let slot: LiveStreamSlot;
    try {
      slot = this.quota.acquire(identity.user.id);
    } catch (error) {
      if (!(error instanceof LiveStreamLimitReached)) throw error;
      socket.close(error.closeCode, error.message);
      return;
    }
    const state: LiveSocket = {
      socket,
      identity,
      alive: true,
      slot,
      unsubscribe: this.hub.subscribe((event) => this.push(socket, event)),
    };
    if (identity.expiresAt) {
      state.expiry = setTimeout(() => socket.close(CLOSE_UNAUTHORIZED, 'Token expired'), Math.max(0, identity.expiresAt - Date.now()));
    }
    this.sockets.set(socket, state);
    socket.on('pong', () => (state.alive = true));
    socket.send(JSON.stringify({ event: 'connected', user: { id: identity.user.id, role: identity.user.role } }));
  }

  /**
   * Closes (4401) the sockets whose token was revoked or whose user was deactivated since
   * they connected. With the database unreachable nothing is closed: the next round decides.
   */
  async closeRevoked(): Promise<void> {
    let revoked: LiveSocket[];
    try {
      revoked = await this.authenticator.revoked([...this.sockets.values()]);
    } catch {
      return;
    }
    for (const { socket } of revoked) {
      this.forget(socket);
      socket.close(CLOSE_UNAUTHORIZED, 'Token revoked or user deactivated: sign in again');
    }
  }

  handleDisconnect(socket: WebSocket): void {
    this.forget(socket);
  }

  /**
   * A client more than LIVE_STREAM_MAX_BUFFERED_BYTES behind is closed with 1013 and sent
   * nothing more; it should reconnect and reload what it shows (GET /incidents), since a
   * WebSocket has no replay. If it does not read the close frame either, it is cut off.
   */
  private push(socket: WebSocket, event: IncidentEventPayload): void {
    if (socket.bufferedAmount > LIVE_STREAM_MAX_BUFFERED_BYTES) {
      this.logger.warn('closing a WebSocket client that does not keep up');
      this.forget(socket);
      socket.close(CLOSE_TRY_AGAIN_LATER, 'Too slow: events were not read in time; reconnect and reload');
      setTimeout(() => socket.terminate(), SLOW_CLOSE_GRACE_MS).unref();
      return;
    }
    socket.send(JSON.stringify(event));
  }

  private forget(socket: WebSocket): void {
    const state = this.sockets.get(socket);
    if (!state) return;
    this.sockets.delete(socket);
    state.unsubscribe();
    state.slot.release();
    clearTimeout(state.expiry);
  }
}
