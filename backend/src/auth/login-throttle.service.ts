import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { retryAfterSeconds, windowStart, type ThrottlePolicy } from './login-throttle';

const CLEANUP_INTERVAL_MS = 10 * 60_000;

/**
 * Limits password guessing per (email, client IP) pair, in PostgreSQL so that every app
 * instance sees the same count. Other emails from the same IP are unaffected, so one
 * attacker cannot lock a whole office (behind one NAT address) out.
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
    this.policy = { maxAttempts: config.auth.loginMaxAttempts, windowMs: config.auth.loginWindowMinutes * 60_000 };
  }

  /**
   * Call before checking a password: throws 429 (with Retry-After) when the pair is locked
   * out, otherwise counts this attempt as failed until `succeeded` clears it.
   */
  async beginAttempt(email: string, ip: string): Promise<void> {
    const now = this.clock.now();
    const result = await this.attempts.reserve(email, ip, now, windowStart(now, this.policy), this.policy.maxAttempts);
    if (result.reserved) return;
    const retryAfter = retryAfterSeconds(result.oldest, now, this.policy);
    // debug, not warn: a locked-out attacker would otherwise choose how much we log.
    this.logger.debug(`login locked for ${email} from ${ip}: ${result.counted} failures, retry in ${retryAfter}s`);
    throw new HttpException(
      { message: `Too many failed sign-in attempts; try again in ${retryAfter} seconds`, retryAfterSeconds: retryAfter },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  succeeded(email: string, ip: string): Promise<void> {
    return this.attempts.clear(email, ip);
  }

  // Pairs that never come back would otherwise keep their rows forever. Every instance runs
  // this; the DELETE is idempotent, so no coordination is needed.
  @Interval(CLEANUP_INTERVAL_MS)
  async deleteExpired(): Promise<number> {
    try {
      return await this.attempts.deleteOlderThan(windowStart(this.clock.now(), this.policy));
    } catch (error) {
      this.logger.warn(`could not clean up old login attempts: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }
}
