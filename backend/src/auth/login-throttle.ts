/**
 * Failed logins are counted per (email, client address) and per email within a sliding window.
 * - Per pair: `maxAttempts` failures, then that address waits until the oldest leaves the window.
 * - Per email (account): past `accountMaxAttempts` failures from all addresses together, each
 *   further try from an address that has not signed in to the account recently waits 1 s,
 *   2 s, 4 s... (at most the window) after the latest failure. Addresses that have are spared,
 *   so guesses spread over many addresses are slowed without locking the owner out.
 */
export interface ThrottlePolicy {
  maxAttempts: number;
  windowMs: number;
  accountMaxAttempts: number;
}

/** What is counted for one attempt: the pair's and the account's failures in the window. */
export interface AttemptHistory {
  pairFailures: number;
  pairOldest: Date | null;
  accountFailures: number;
  accountLatest: Date | null;
  /** The address signed in to this account recently. */
  knownAddress: boolean;
}

export const windowStart = (now: Date, policy: ThrottlePolicy): Date => new Date(now.getTime() - policy.windowMs);

/** Seconds until the oldest counted failure leaves the window, i.e. until one more try is allowed. */
export function retryAfterSeconds(oldestCounted: Date, now: Date, policy: ThrottlePolicy): number {
  const remainingMs = oldestCounted.getTime() + policy.windowMs - now.getTime();
  return Math.max(1, Math.ceil(remainingMs / 1000));
}

/** The wait after the latest failure once an account has `accountFailures` of them: 0 below the limit. */
export function accountBackoffMs(accountFailures: number, policy: ThrottlePolicy): number {
  if (accountFailures < policy.accountMaxAttempts) return 0;
  return Math.min(policy.windowMs, 1000 * 2 ** (accountFailures - policy.accountMaxAttempts));
}

/** Seconds to wait before this attempt is allowed, or undefined when it is allowed now. */
export function attemptRefusal(history: AttemptHistory, now: Date, policy: ThrottlePolicy): number | undefined {
  if (history.pairFailures >= policy.maxAttempts && history.pairOldest) return retryAfterSeconds(history.pairOldest, now, policy);
  const backoffMs = accountBackoffMs(history.accountFailures, policy);
  // Checked first: attempts that ran in parallel may have recorded a later `now` than this one's.
  if (backoffMs === 0 || history.knownAddress || !history.accountLatest) return undefined;
  const allowedAtMs = history.accountLatest.getTime() + backoffMs;
  return allowedAtMs > now.getTime() ? Math.ceil((allowedAtMs - now.getTime()) / 1000) : undefined;
}
