import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AppMetrics } from '../metrics';
import { IncidentEventListener } from '../outbox';
import { UndecryptableError } from './at-rest-cipher';
import { circuitPauseMs } from './channel-circuit';
import { ChannelCredentials } from './channel-credentials';
import { DeliveriesRepository, type ClaimedContactMethod, type ClaimedDelivery } from './deliveries.repository';
import { DeliveryOutcomeRecorder } from './delivery-outcome-recorder';
import { NotificationSender, type OpenedContact } from './notification-sender';
import { decideAfterAttempt } from './retry-policy';
import { isDelivered, type PostResult } from './safe-http';

/** Safety net for lost NOTIFYs, retries and circuit pauses that come due (NOTIFY wakes us at once otherwise). */
const POLL_INTERVAL_MS = 1000;
const DISPATCH_BATCH = 100;

interface Attempt {
  claim: ClaimedDelivery;
  abort: AbortController;
}

/**
 * Delivers notifications at least once. Each round fans new outbox events out into
 * deliveries, then fills the free slots (NOTIFY_MAX_IN_FLIGHT) with due deliveries, at most
 * NOTIFY_CHANNEL_CONCURRENCY per channel, claimed with SKIP LOCKED so that instances share
 * the work without sending one twice. Attempts run on their own: one that ends frees its slot
 * and starts a new round, so a receiver that never answers holds its own channel's slots and
 * nobody else's. A crash mid-send leaves the claim to expire (`locked_until`), after which
 * any instance retries: receivers dedupe by event id.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  /** Attempts holding a slot: sending, or recording the outcome of the send. */
  private readonly inFlight = new Map<string, Attempt>();
  /** Every attempt until it has finished, timeline entry included (awaited at shutdown). */
  private readonly running = new Set<Promise<void>>();
  private readonly wakeTimers = new Set<NodeJS.Timeout>();
  private pollTimer?: NodeJS.Timeout;
  private unsubscribe: Array<() => void> = [];
  private round?: Promise<void>;
  private again = false;
  private dispatchWanted = true;
  private stopped = false;
  private lastErrorLoggedAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly sender: NotificationSender,
    private readonly listener: IncidentEventListener,
    private readonly outcomes: DeliveryOutcomeRecorder,
    private readonly credentials: ChannelCredentials,
    private readonly metrics: AppMetrics,
  ) {}

  /** A claim outlives the longest possible attempt by a wide margin. */
  private get lockSeconds(): number {
    return Math.max(30, Math.ceil((this.config.notifications.deliveryTimeoutMs * 3) / 1000));
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = [this.listener.onNotification(() => this.wakeToDispatch()), this.listener.onReconnect(() => this.wakeToDispatch())];
    this.pollTimer = setInterval(() => this.wakeToDispatch(), POLL_INTERVAL_MS);
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
    await Promise.all(this.running);
    await this.round?.catch(() => undefined);
  }

  /** Runs a round now, or right after the current one. */
  wake(): void {
    if (this.stopped) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = this.loop().finally(() => (this.round = undefined));
  }

  /** New outbox events (NOTIFY) or the poll: fan out first. A freed slot needs only a claim. */
  private wakeToDispatch(): void {
    this.dispatchWanted = true;
    this.wake();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.fill();
      } catch (error) {
        this.warnAtMostEveryMinute(`delivery round failed: ${(error as Error).message}`);
      }
    } while (this.again && !this.stopped);
  }

  private async fill(): Promise<void> {
    if (this.dispatchWanted) {
      this.dispatchWanted = false;
      try {
        while (!this.stopped && (await this.deliveries.dispatchPending(DISPATCH_BATCH)).events === DISPATCH_BATCH);
      } catch (error) {
        this.dispatchWanted = true;
        throw error;
      }
    }
    const { maxInFlight, channelConcurrency } = this.config.notifications;
    while (!this.stopped) {
      const free = maxInFlight - this.inFlight.size;
      if (free <= 0) return;
      const claims = await this.deliveries.claimDue(free, channelConcurrency, this.lockSeconds);
      claims.forEach((claim) => this.start(claim));
      // Fewer than asked: nothing else is due, or the channels with more are at their limit.
      if (claims.length < free) return;
    }
  }

  private start(claim: ClaimedDelivery): void {
    const abort = new AbortController();
    this.inFlight.set(claim.id, { claim, abort });
    const done = this.attempt(claim, abort.signal)
      .catch((error: unknown) => this.warnAtMostEveryMinute(`delivery ${claim.id} not recorded: ${(error as Error).message}`))
      .finally(() => {
        this.freeSlot(claim);
        this.running.delete(done);
      });
    this.running.add(done);
  }

  /**
   * Called as soon as the outcome is in the database (the claim is no longer counted there):
   * the next delivery starts while the timeline entry of this one is written.
   */
  private freeSlot(claim: ClaimedDelivery): void {
    if (this.inFlight.delete(claim.id)) this.wake();
  }

  private async attempt(claim: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    const unusable = unusableReason(claim);
    if (unusable) {
      const recorded = await this.deliveries.markFailed(claim, unusable, undefined);
      this.freeSlot(claim);
      if (recorded) await this.outcomes.failed(claim, unusable);
      return;
    }
    const result = await this.send(claim, signal);
    // Shutting down: the claim was handed back in onModuleDestroy. A success that raced the
    // abort is still recorded (the fencing check keeps that correct).
    if (signal.aborted && !isDelivered(result)) return;
    const { maxAttempts, retryBaseMs } = this.config.notifications;
    const decision = decideAfterAttempt(result, claim.attempts, { maxAttempts, baseMs: retryBaseMs });
    // Contact-method pages are labelled by their medium (a closed set), never by person.
    this.metrics.recordDelivery(claim.channel?.type ?? `CONTACT_${claim.contactMethod!.type}`, decision.outcome);
    if (decision.outcome === 'delivered') {
      const recorded = await this.deliveries.markDelivered(claim, decision.statusCode);
      this.freeSlot(claim);
      if (recorded) await this.outcomes.delivered(claim);
      return;
    }
    if (claim.channel) await this.countFailure(claim.channel.id);
    if (decision.outcome === 'retry') {
      await this.deliveries.scheduleRetry(claim, decision.delayMs, decision.error, decision.statusCode);
      // Retries sooner than the next poll are woken by this instance itself.
      if (decision.delayMs < POLL_INTERVAL_MS) this.wakeIn(decision.delayMs);
      return;
    }
    const recorded = await this.deliveries.markFailed(claim, decision.error, decision.statusCode);
    this.freeSlot(claim);
    if (recorded) await this.outcomes.failed(claim, decision.error);
  }

  /**
   * A channel whose values cannot be decrypted (its key is not configured here) fails like
   * a receiver that is down: retried, and paused by its circuit, never lost at once.
   */
  private send(claim: ClaimedDelivery, signal: AbortSignal): Promise<PostResult> {
    try {
      if (claim.contactMethod) return this.sender.sendToContact(this.openContact(claim.contactMethod), claim.payload, signal);
      const channel = claim.channel!;
      return this.sender.sendEvent({ ...channel, ...this.credentials.open(channel) }, claim.payload, signal);
    } catch (error) {
      if (!(error instanceof UndecryptableError)) throw error;
      return Promise.resolve({ error: `a stored URL or secret cannot be decrypted: ${error.message}` });
    }
  }

  private openContact(method: ClaimedContactMethod): OpenedContact {
    if (method.type === 'WEBHOOK') return { type: method.type, address: this.credentials.openContactAddress(method.id, method.address) };
    const slackUrl = method.slackChannel ? this.credentials.open(method.slackChannel).url : undefined;
    return { type: method.type, address: method.address, slackUrl };
  }

  /** Opens the channel's circuit once it has failed too often in a row (channel-circuit.ts). */
  private async countFailure(channelId: string): Promise<void> {
    const failures = await this.deliveries.countChannelFailure(channelId);
    if (failures === undefined) return;
    const pauseMs = circuitPauseMs(failures, this.config.notifications.retryBaseMs);
    if (pauseMs > 0) await this.deliveries.pauseChannel(channelId, pauseMs);
  }

  private wakeIn(delayMs: number): void {
    const timer = setTimeout(() => {
      this.wakeTimers.delete(timer);
      this.wake();
    }, delayMs + 5);
    this.wakeTimers.add(timer);
  }

  // The database is down, most likely: the poll tries again; one log line per minute.
  private warnAtMostEveryMinute(message: string): void {
    if (Date.now() - this.lastErrorLoggedAt < 60_000) return;
    this.lastErrorLoggedAt = Date.now();
    this.logger.warn(message);
  }
}

/** A target that cannot take a delivery any more: failed at once, with the reason on the timeline. */
function unusableReason(claim: ClaimedDelivery): string | undefined {
  if (claim.channel && !claim.channel.enabled) return 'channel disabled before delivery';
  const method = claim.contactMethod;
  if (!method) return undefined;
  if (!method.verified) return 'contact method no longer verified';
  if (method.type === 'SLACK_MEMBER' && !method.slackChannel?.enabled) return "the contact method's Slack channel is disabled";
  return undefined;
}
