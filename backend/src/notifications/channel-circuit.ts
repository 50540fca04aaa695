/**
 * A channel's circuit breaker. Each delivery already backs off on its own (retry-policy.ts),
 * but a receiver that is down fails every delivery of the channel, each holding a slot of
 * the worker until its timeout. After this many failed attempts in a row the channel gets
 * no attempt for a while (its deliveries stay PENDING, their attempts unspent), then one
 * attempt at a time (a probe) until one succeeds. Other channels are not affected.
 */
export const CIRCUIT_FAILURE_THRESHOLD = 5;

/** No pause is longer: a receiver that is back is noticed within this. */
export const MAX_CIRCUIT_PAUSE_MS = 5 * 60 * 1000;

/**
 * How long a channel is paused after `consecutiveFailures` failed attempts in a row: none
 * below the threshold, then `baseMs` (NOTIFY_RETRY_BASE_MS, the first retry delay), doubling
 * with each failed probe. With the default 8 s: 8 s, 16 s, 32 s... capped at 5 minutes.
 */
export function circuitPauseMs(consecutiveFailures: number, baseMs: number): number {
  if (consecutiveFailures < CIRCUIT_FAILURE_THRESHOLD) return 0;
  const doublings = Math.min(consecutiveFailures - CIRCUIT_FAILURE_THRESHOLD, 30);
  return Math.min(MAX_CIRCUIT_PAUSE_MS, baseMs * 2 ** doublings);
}
