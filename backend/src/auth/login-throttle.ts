/** Failed logins are counted per (email, client IP) within a sliding window. */
export interface ThrottlePolicy {
  maxAttempts: number;
  windowMs: number;
}

export const windowStart = (now: Date, policy: ThrottlePolicy): Date => new Date(now.getTime() - policy.windowMs);

/** Seconds until the oldest counted failure leaves the window, i.e. until one more try is allowed. */
export function retryAfterSeconds(oldestCounted: Date, now: Date, policy: ThrottlePolicy): number {
  const remainingMs = oldestCounted.getTime() + policy.windowMs - now.getTime();
  return Math.max(1, Math.ceil(remainingMs / 1000));
}
