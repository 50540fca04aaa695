import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** What the outbox trigger NOTIFYs on channel `incident_events` (see the init migration). */
export interface OutboxNotification {
  id: string;
  type: string;
  incident_id: string | null;
}

export const OUTBOX_CHANNEL = 'incident_events';
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;

/**
 * The one LISTEN connection of this app instance. NOTIFY reaches every instance, which is
 * how an event written by instance A wakes the workers and the WebSocket/SSE clients of B.
 * It needs a dedicated connection (a pooled one would be handed to other queries and lose
 * the LISTEN), and it reconnects with backoff when the database goes away. NOTIFYs sent
 * while disconnected are lost: `onReconnect` lets consumers catch up from the tables.
 * Besides the incident events it always listens to, other channels are listened to only
 * while someone subscribes (`listen`): the live log tail's channel carries a NOTIFY per
 * ingest commit, which an instance with no tail clients has no reason to receive.
 */
@Injectable()
export class IncidentEventListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IncidentEventListener.name);
  private readonly notificationHandlers = new Set<(notification: OutboxNotification) => void>();
  private readonly reconnectHandlers = new Set<(disconnectedAt: Date) => void>();
  private readonly channels = new Map<string, { handlers: Set<(payload: string) => void>; ready: Promise<void> }>();
  private client?: Client;
  private reconnectTimer?: NodeJS.Timeout;
  private failures = 0;
  private disconnectedAt?: Date;
  private stopped = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Returns the function that unsubscribes. */
  onNotification(handler: (notification: OutboxNotification) => void): () => void {
    this.notificationHandlers.add(handler);
    return () => this.notificationHandlers.delete(handler);
  }

  /** Called after the connection came back; `disconnectedAt` is when it was lost. */
  onReconnect(handler: (disconnectedAt: Date) => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  /**
   * LISTENs on `channel` while at least one handler is subscribed; resolves once the LISTEN
   * is in place (NOTIFYs committed after that arrive), or at once when the connection is
   * down (the channel is listened to again on reconnect). Returns the function that
   * unsubscribes, which UNLISTENs after the last handler.
   */
  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel) || channel === OUTBOX_CHANNEL) throw new Error(`not a channel to listen to: ${channel}`);
    let subscription = this.channels.get(channel);
    if (!subscription) {
      const client = this.client;
      // Every subscriber waits for the same LISTEN: none is told "listening" before it is.
      const ready = client
        ? client.query(`LISTEN ${channel}`).then(
            () => undefined,
            () => undefined,
          )
        : Promise.resolve();
      this.channels.set(channel, (subscription = { handlers: new Set(), ready }));
    }
    const { handlers, ready } = subscription;
    handlers.add(handler);
    await ready;
    return async () => {
      if (!handlers.delete(handler) || handlers.size > 0 || this.channels.get(channel)?.handlers !== handlers) return;
      this.channels.delete(channel);
      await this.client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
    };
  }

  /** Whether this instance listens to `channel` now (for tests and metrics). */
  isListening(channel: string): boolean {
    return this.client !== undefined && this.channels.has(channel);
  }

  async onModuleInit(): Promise<void> {
    // A database that is down at boot must not stop the app: the retry loop takes over.
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.database.url,
      application_name: 'incident-platform-listener',
      connectionTimeoutMillis: 3000,
      // A connection that silently died (no RST) is noticed within about a minute.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // Without an 'error' listener, a dropped connection would crash the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel !== OUTBOX_CHANNEL) {
        for (const handler of this.channels.get(message.channel)?.handlers ?? []) this.deliver(handler, message.payload ?? '');
        return;
      }
      if (!message.payload) return;
      let notification: OutboxNotification;
      try {
        notification = JSON.parse(message.payload) as OutboxNotification;
      } catch {
        return;
      }
      for (const handler of this.notificationHandlers) handler(notification);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.lost(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    // Channels subscribed before or during the connect (their `listen` did not wait for this connection).
    if (this.channels.size > 0)
      await client.query([...this.channels.keys()].map((channel) => `LISTEN ${channel};`).join(' ')).catch(() => undefined);
    const since = this.disconnectedAt;
    this.disconnectedAt = undefined;
    if (since) {
      this.logger.log('LISTEN connection restored');
      for (const handler of this.reconnectHandlers) handler(since);
    }
  }

  private deliver(handler: (payload: string) => void, payload: string): void {
    try {
      handler(payload);
    } catch (error) {
      this.logger.warn(`a notification handler failed: ${(error as Error).message}`);
    }
  }

  private lost(client: Client, error?: Error): void {
    if (this.stopped || (this.client !== undefined && this.client !== client)) return;
    if (this.client === client) this.client = undefined;
    if (this.reconnectTimer) return;
    this.disconnectedAt ??= new Date();
    if (this.failures === 0) this.logger.warn(`LISTEN connection lost${error ? `: ${error.message}` : ''}; reconnecting`);
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures) * (0.5 + Math.random() / 2);
    this.failures += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
  }
}
