import { isDelivered, type PostResult } from './safe-http';

/** No single wait is longer than this, whatever the base and the attempt number. */
export const MAX_RETRY_DELAY_MS = 30 * 60 * 1000;

export type DeliveryDecision =
  | { outcome: 'delivered'; statusCode: number }
  | { outcome: 'retry'; delayMs: number; statusCode?: number; error: string }
  | { outcome: 'failed'; statusCode?: number; error: string };

/**
 * Whether retrying a non-2xx can help. 408 (timeout), 425 (too early) and 429 (slow down)
 * are temporary by definition, 5xx usually are; other 4xx say the request itself is wrong
 * (400), not allowed (401/403), or the URL is gone (404/410: Slack answers those for a
 * deleted webhook), and a 3xx means the URL moved: redirects are not followed, so repeating
 * gets the same answer. Those fail at once instead of hammering the receiver for an hour.
 */
export function isRetryableStatus(statusCode: number): boolean {
  if (statusCode >= 500) return true;
  return statusCode === 408 || statusCode === 425 || statusCode === 429;
}

/**
 * Wait before the next attempt, after `attempts` attempts so far (1 = the first one failed).
 * Exponential from `baseMs` with "equal jitter": half of the step is fixed, half random.
 * Full jitter (0..step) was rejected: it can collapse the whole schedule, so a receiver down
 * for 30 minutes could exhaust every attempt; with half fixed, 10 attempts from an 8 s base
 * span between 34 and 68 minutes (sum of steps 8 s x (2^9 - 1) = 68 min).
 */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.min(attempts - 1, 40));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** What to do with a delivery after one attempt. */
export function decideAfterAttempt(
  result: PostResult,
  attempts: number,
  policy: { maxAttempts: number; baseMs: number },
  random: () => number = Math.random,
): DeliveryDecision {
  const { statusCode } = result;
  if (isDelivered(result)) return { outcome: 'delivered', statusCode: statusCode ?? 0 };
  const error = result.error ?? `HTTP ${statusCode}`;
  const permanent = result.refused || (statusCode !== undefined && !isRetryableStatus(statusCode));
  if (permanent) return { outcome: 'failed', statusCode, error };
  if (attempts >= policy.maxAttempts) return { outcome: 'failed', statusCode, error: `gave up after ${attempts} attempts: ${error}` };
  // A receiver that says when to come back is believed, within the same ceiling.
  const delayMs = Math.max(retryDelayMs(attempts, policy.baseMs, random), Math.min(result.retryAfterMs ?? 0, MAX_RETRY_DELAY_MS));
  return { outcome: 'retry', delayMs, statusCode, error };
}
