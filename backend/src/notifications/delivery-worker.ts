import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IncidentEventListener } from '../outbox';
import { DeliveriesRepository, type ClaimedDelivery } from './deliveries.repository';
import { NotificationSender } from './notification-sender';
import { decideAfterAttempt } from './retry-policy';
import { DeliveryOutcomeRecorder } from './delivery-outcome-recorder';

/** Safety net for lost NOTIFYs and for retries that come due (NOTIFY wakes us at once otherwise). */
const POLL_INTERVAL_MS = 1000;
const DISPATCH_BATCH = 100;
const CLAIM_BATCH = 20;

/**
 * Delivers notifications at least once. Each round: fan new outbox events out into
 * deliveries, then claim due deliveries (SKIP LOCKED, so instances share the work without
 * sending one twice), send them, and record the outcome. A crash mid-send leaves the claim
 * to expire (`locked_until`), after which any instance retries: receivers dedupe by event id.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly inFlight = new Map<string, { claim: ClaimedDelivery; abort: AbortController }>();
  private readonly wakeTimers = new Set<NodeJS.Timeout>();
  private pollTimer?: NodeJS.Timeout;
  private unsubscribe: Array<() => void> = [];
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastErrorLoggedAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly sender: NotificationSender,
    private readonly listener: IncidentEventListener,
    private readonly outcomes: DeliveryOutcomeRecorder,
  ) {}

  /** A claim outlives the longest possible attempt by a wide margin. */
  private get lockSeconds(): number {
    return Math.max(30, Math.ceil((this.config.notifications.deliveryTimeoutMs * 3) / 1000));
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = [this.listener.onNotification(() => this.wake()), this.listener.onReconnect(() => this.wake())];
    this.pollTimer = setInterval(() => this.wake(), POLL_INTERVAL_MS);
    this.wake();
  }

  /**
   * Stops polling, aborts the attempts in flight and hands their claims back, so another
   * instance (or this one after a restart) retries them at once rather than after the lock.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe.forEach((unsubscribe) => unsubscribe());
    clearInterval(this.pollTimer);
    this.wakeTimers.forEach((timer) => clearTimeout(timer));
    const pending = [...this.inFlight.values()];
    pending.forEach(({ abort }) => abort.abort());
    await Promise.all(pending.map(({ claim }) => this.deliveries.release(claim, 'interrupted: the app shut down').catch(() => false)));
    await this.running?.catch(() => undefined);
  }

  /** Runs a round now, or right after the current one. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.round();
      } catch (error) {
        // The database is down, most likely: the poll tries again; one log line per minute.
        if (Date.now() - this.lastErrorLoggedAt > 60_000) {
          this.lastErrorLoggedAt = Date.now();
          this.logger.warn(`delivery round failed: ${(error as Error).message}`);
        }
      }
    } while (this.again && !this.stopped);
  }

  private async round(): Promise<void> {
    while (!this.stopped && (await this.deliveries.dispatchPending(DISPATCH_BATCH)).events === DISPATCH_BATCH);
    while (!this.stopped) {
      const claims = await this.deliveries.claimDue(CLAIM_BATCH, this.lockSeconds);
      await Promise.all(claims.map((claim) => this.attempt(claim)));
      if (claims.length < CLAIM_BATCH) return;
    }
  }

  private async attempt(claim: ClaimedDelivery): Promise<void> {
    if (!claim.channel.enabled) {
      await this.deliveries.markFailed(claim, 'channel disabled before delivery', undefined);
      return;
    }
    const abort = new AbortController();
    this.inFlight.set(claim.id, { claim, abort });
    let result;
    try {
      result = await this.sender.sendEvent(claim.channel, claim.payload, abort.signal);
    } finally {
      this.inFlight.delete(claim.id);
    }
    // Shutting down: the claim was handed back in onModuleDestroy. A success that raced the
    // abort is still recorded (the fencing check keeps that correct).
    if (abort.signal.aborted && !(result.statusCode && result.statusCode >= 200 && result.statusCode < 300)) return;
    const { maxAttempts, retryBaseMs } = this.config.notifications;
    const decision = decideAfterAttempt(result, claim.attempts, { maxAttempts, baseMs: retryBaseMs });
    if (decision.outcome === 'delivered') {
      if (await this.deliveries.markDelivered(claim, decision.statusCode)) await this.outcomes.delivered(claim);
    } else if (decision.outcome === 'retry') {
      await this.deliveries.scheduleRetry(claim, decision.delayMs, decision.error, decision.statusCode);
      // Retries sooner than the next poll are woken by this instance itself.
      if (decision.delayMs < POLL_INTERVAL_MS) this.wakeIn(decision.delayMs);
    } else if (await this.deliveries.markFailed(claim, decision.error, decision.statusCode)) {
      await this.outcomes.failed(claim, decision.error);
    }
  }

  private wakeIn(delayMs: number): void {
    const timer = setTimeout(() => {
      this.wakeTimers.delete(timer);
      this.wake();
    }, delayMs + 5);
    this.wakeTimers.add(timer);
  }
}
