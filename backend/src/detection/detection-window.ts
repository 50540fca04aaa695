/**
 * Logs stamped a little in the future (a client clock running ahead) still count now rather
 * than only once our clock catches up; anything further ahead waits for its time.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5_000;

/**
 * The event-time range a rule looks at: `timestamp` in (now - window, now + skew]. Windows
 * are on the log's own time, so a backfill of old logs (replayed from a queue, imported
 * archives) never opens an incident today.
 */
export function currentWindow(now: Date, windowSeconds: number): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - windowSeconds * 1000), to: new Date(now.getTime() + CLOCK_SKEW_ALLOWANCE_MS) };
}

/** Fingerprint of "this rule, this service": at most one unresolved incident has it. */
export const ruleFingerprint = (ruleId: string, serviceId: string): string => `rule:${ruleId}:service:${serviceId}`;
