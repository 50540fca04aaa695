import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TokenBuckets } from './token-buckets';

// ~100 bytes each: 5 MB at most. An attacker rotating through more addresses than this only
// resets their own buckets; the bound on concurrent password hashes still holds.
const MAX_ADDRESSES = 50_000;

/**
 * LOGIN_ADDRESS_MAX_PER_MINUTE sign-in attempts per client address (any email, any outcome),
 * checked before any database or password work. It guards this instance's CPU and database
 * connections, which are per instance too, so it is kept in memory: no query is spent on a
 * refused attempt. Guessing across instances is bounded by the PostgreSQL throttle behind it.
 */
@Injectable()
export class LoginAddressBudget {
  private readonly buckets: TokenBuckets;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    const perMinute = config.auth.loginAddressMaxPerMinute;
    this.buckets = new TokenBuckets({ capacity: perMinute, msPerToken: 60_000 / perMinute, maxKeys: MAX_ADDRESSES });
  }

  /** Throws 429 with Retry-After when the address has used its budget. */
  spend(address: string): void {
    const waitMs = this.buckets.take(address, this.clock.now().getTime());
    if (waitMs === 0) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new HttpException(
      { message: `Too many sign-in attempts from this address; try again in ${retryAfterSeconds} seconds`, retryAfterSeconds },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
