import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ServiceIntroductionsRepository } from './service-introductions.repository';

const WINDOW_MS = 60 * 60_000;
// Bounds the memory of a service_id churn; forgetting only costs one more lookup per service.
const MAX_KNOWN_SERVICES = 100_000;
// The refusal lists this many of the new ids: enough to recognise them, never a megabyte.
const LISTED_NEW_SERVICES = 20;
const CLEANUP_INTERVAL_MS = 10 * 60_000;

/**
 * How many never-seen service ids a key that may write for any service introduces per hour
 * (INGEST_NEW_SERVICES_PER_KEY_PER_HOUR). Every new service can open incidents of its own, so
 * a leaked or buggy key must not mint hundreds of them. Off the hot path: a service id this
 * instance already knows costs nothing; only ids new to the instance cost a lookup, and only
 * really new ones the locked count in PostgreSQL (the one count all instances share).
 */
@Injectable()
export class NewServiceQuota {
  private readonly logger = new Logger('NewServiceQuota');
  private readonly known = new Set<string>();
  private readonly limit: number;

  constructor(
    private readonly introductions: ServiceIntroductionsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limit = config.ingest.newServicesPerKeyPerHour;
  }

  /** Resolves when the request may be stored; throws 429 (all or nothing) when it brings too many new service ids. */
  async admit(key: AuthenticatedApiKey, serviceIds: Iterable<string>): Promise<void> {
    // A bound key writes for its one service only: it cannot introduce others.
    if (key.serviceId !== null) return;
    const unknown = [...serviceIds].filter((id) => !this.known.has(id));
    if (unknown.length === 0) return;
    const known = await this.introductions.known(unknown);
    this.remember(known);
    if (known.length === unknown.length) return;

    const knownSet = new Set(known);
    const candidates = unknown.filter((id) => !knownSet.has(id));
    const now = this.clock.now();
    const outcome = await this.introductions.introduce(key.id, candidates, now, new Date(now.getTime() - WINDOW_MS), this.limit);
    if (outcome.admitted) {
      this.remember(candidates);
      return;
    }
    throw this.refusal(key, outcome.fresh, outcome.introducedInWindow, outcome.retryAt, now);
  }

  // Every instance runs this; the DELETE is idempotent, so no coordination is needed.
  @Interval(CLEANUP_INTERVAL_MS)
  async deleteExpired(): Promise<number> {
    try {
      return await this.introductions.deleteOlderThan(new Date(this.clock.now().getTime() - WINDOW_MS));
    } catch (error) {
      this.logger.warn(`could not clean up old service introductions: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  private remember(serviceIds: string[]): void {
    if (this.known.size + serviceIds.length > MAX_KNOWN_SERVICES) this.known.clear();
    for (const id of serviceIds) this.known.add(id);
  }

  /**
   * 429, not 403 or 422: the key may write for any service and the logs are valid; it is the
   * rate of new services that is refused, and it lifts with time (Retry-After), which is how
   * log shippers already treat 429 (they keep the logs and retry later).
   */
  private refusal(key: AuthenticatedApiKey, fresh: string[], introducedInWindow: number, retryAt: Date | null, now: Date): HttpException {
    const tooMany = retryAt === null ? ': more than the limit on its own, so waiting will not help' : '';
    return new HttpException(
      {
        message:
          `This request has ${fresh.length} new service_id values; API key "${key.name}" may introduce at most ${this.limit} per hour ` +
          `(${introducedInWindow} in the last hour)${tooMany}. Nothing was stored. Use a key bound to each service, or raise ` +
          'INGEST_NEW_SERVICES_PER_KEY_PER_HOUR.',
        details: {
          field: 'service_id',
          limit: this.limit,
          window_seconds: WINDOW_MS / 1000,
          new_in_request: fresh.length,
          introduced_in_window: introducedInWindow,
          new_service_ids: fresh.slice(0, LISTED_NEW_SERVICES),
        },
        ...(retryAt ? { retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) } : {}),
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
