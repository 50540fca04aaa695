import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { attemptRefusal, windowStart, type ThrottlePolicy } from './login-throttle';

const CLEANUP_INTERVAL_MS = 10 * 60_000;
// How long a successful sign-in keeps an address "known" to the account (spared the
// per-account backoff): long enough to cover someone's usual places between sign-ins.
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;

/** An attempt counted as failed until `succeeded` (or `release`) says otherwise. */
export interface LoginAttempt {
  id: string;
  /** The address signed in to this account within the last 30 days. */
  knownAddress: boolean;
}

/**
 * Limits password guessing per (email, client address) and per email (see login-throttle.ts),
 * in PostgreSQL so that every app instance sees the same counts. Other emails from the same
 * address are unaffected, so one attacker cannot lock a whole office (behind one NAT address)
 * out; the per-email backoff spares addresses that signed in before, so guessing from
 * elsewhere cannot lock the owner out.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger('LoginThrottle');
  private readonly policy: ThrottlePolicy;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly attempts: LoginAttemptsRepository,
    private readonly clock: Clock,
  ) {
    this.policy = {
      maxAttempts: config.auth.loginMaxAttempts,
      windowMs: config.auth.loginWindowMinutes * 60_000,
      accountMaxAttempts: config.auth.loginAccountMaxAttempts,
    };
  }

  /**
   * Call before checking a password: throws 429 (with Retry-After) when the attempt must wait,
   * otherwise counts it as failed until `succeeded` clears it.
   */
  async beginAttempt(email: string, address: string): Promise<LoginAttempt> {
    const now = this.clock.now();
    const times = { now, since: windowStart(now, this.policy), knownSince: new Date(now.getTime() - KNOWN_ADDRESS_MS) };
    const result = await this.attempts.reserve(email, address, times, (history) => attemptRefusal(history, now, this.policy));
    if (result.reserved) return { id: result.id, knownAddress: result.knownAddress };
    // debug, not warn: a locked-out attacker would otherwise choose how much we log.
    this.logger.debug(`login throttled for ${email} from ${address}: retry in ${result.retryAfterSeconds}s`);
    throw new HttpException(
      {
        message: `Too many failed sign-in attempts; try again in ${result.retryAfterSeconds} seconds`,
        retryAfterSeconds: result.retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** The password was never checked (the server was too busy): the attempt does not count. */
  release(attempt: LoginAttempt): Promise<void> {
    return this.attempts.release(attempt.id);
  }

  succeeded(email: string, address: string): Promise<void> {
    return this.attempts.recordSuccess(email, address, this.clock.now());
  }

  // Pairs that never come back would otherwise keep their rows forever. Every instance runs
  // this; the DELETEs are idempotent, so no coordination is needed.
  @Interval(CLEANUP_INTERVAL_MS)
  async deleteExpired(): Promise<number> {
    const now = this.clock.now();
    try {
      return await this.attempts.deleteOlderThan(windowStart(now, this.policy), new Date(now.getTime() - KNOWN_ADDRESS_MS));
    } catch (error) {
      this.logger.warn(`could not clean up old login attempts: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }
}
