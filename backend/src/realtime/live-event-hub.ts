import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { IncidentEventListener, OutboxRepository, type IncidentEventPayload } from '../outbox';

const RECENT_IDS = 2000;
/** Outbox rows carry their transaction's start time and commit later: look back this far. */
const CATCH_UP_MARGIN_MS = 5000;

/**
 * Turns this instance's NOTIFYs into full event payloads for its live clients: one outbox
 * read per event per instance (not per client), and none while nobody is connected.
 * Events are published in NOTIFY order (commit order) and at most once each.
 */
@Injectable()
export class LiveEventHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveEventHub.name);
  private readonly subscribers = new Set<(event: IncidentEventPayload) => void>();
  private readonly recentIds = new Set<string>();
  private unsubscribe: Array<() => void> = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly listener: IncidentEventListener,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = [
      this.listener.onNotification(({ id }) => this.enqueue(() => this.publishByIds([id]))),
      // NOTIFYs sent while the LISTEN connection was down are gone: read them from the table.
      this.listener.onReconnect((since) => this.enqueue(() => this.catchUp(since))),
    ];
  }

  onModuleDestroy(): void {
    this.unsubscribe.forEach((unsubscribe) => unsubscribe());
    this.subscribers.clear();
  }

  get clientCount(): number {
    return this.subscribers.size;
  }

  subscribe(handler: (event: IncidentEventPayload) => void): () => void {
    this.subscribers.add(handler);
    return () => this.subscribers.delete(handler);
  }

  /** Events after `lastEventId` (an outbox id), oldest first; [] when it is unknown. */
  async eventsAfter(lastEventId: string): Promise<IncidentEventPayload[]> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(lastEventId)) return [];
    return this.outbox.payloadsAfter(lastEventId);
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: Error) => this.logger.warn(`live event not published: ${error.message}`));
  }

  private async publishByIds(ids: string[]): Promise<void> {
    if (this.subscribers.size === 0) return;
    (await this.outbox.payloadsByIds(ids)).forEach((event) => this.publish(event));
  }

  private async catchUp(disconnectedAt: Date): Promise<void> {
    if (this.subscribers.size === 0) return;
    const since = new Date(disconnectedAt.getTime() - CATCH_UP_MARGIN_MS);
    (await this.outbox.payloadsSince(since)).forEach((event) => this.publish(event));
  }

  private publish(event: IncidentEventPayload): void {
    if (this.recentIds.has(event.id)) return;
    this.recentIds.add(event.id);
    if (this.recentIds.size > RECENT_IDS) this.recentIds.delete(this.recentIds.values().next().value!);
    for (const handler of this.subscribers) {
      try {
        handler(event);
      } catch (error) {
        this.logger.warn(`a live client failed: ${(error as Error).message}`);
      }
    }
  }
}
