import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ConcurrencyGate, GateBusyError, type GateLane } from '../common/concurrency-gate';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { hashPassword, verifyPassword } from './password-hashing';

// 16 waiting per hash slot × ~0.3 s per hash ≈ 5 s of queued work: a person would rather be
// told to retry than wait longer, and an attacker's burst must not grow the queue.
const WAITING_PER_SLOT = 16;
// A safety net: the bounded queue drains in ~5 s, so this is reached only when hashing is
// much slower than usual (an overloaded host).
const MAX_WAIT_MS = 10_000;
const RETRY_AFTER_SECONDS = 2;

/**
 * Every bcrypt computation of the app goes through here. bcrypt runs on libuv's thread pool
 * (4 threads by default), which zlib (gzip ingest), file I/O and DNS share: unbounded, a burst
 * of logins fills the pool and everything else queues behind it. PASSWORD_HASH_CONCURRENCY
 * hashes run at once; the rest wait in a bounded queue, or get 503 with Retry-After.
 */
@Injectable()
export class PasswordHasher {
  private readonly gate: ConcurrencyGate;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.gate = new ConcurrencyGate({
      concurrency: config.auth.passwordHashConcurrency,
      maxWaiting: WAITING_PER_SLOT * config.auth.passwordHashConcurrency,
      maxWaitMs: MAX_WAIT_MS,
    });
  }

  /** For setting a password: callers are signed-in users, so they go first. */
  hash(password: string): Promise<string> {
    return this.gated('first', () => hashPassword(password));
  }

  /** `lane`: `first` for callers who earned it (a known address, a valid token). See verifyPassword. */
  verify(password: string, hash: string | null | undefined, lane: GateLane): Promise<boolean> {
    return this.gated(lane, () => verifyPassword(password, hash));
  }

  private async gated<T>(lane: GateLane, task: () => Promise<T>): Promise<T> {
    try {
      return await this.gate.run(lane, task);
    } catch (error) {
      if (!(error instanceof GateBusyError)) throw error;
      throw new ServiceUnavailableException({
        message: `Too many sign-ins in progress; try again in ${RETRY_AFTER_SECONDS} seconds`,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
  }
}
