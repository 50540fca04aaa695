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

/**
 * Fingerprint of "this rule, this service, this value of its group_by key" (null: logs without
 * the key). The value is URI-encoded so that any value maps to one fingerprint and back.
 */
export const groupFingerprint = (ruleId: string, serviceId: string, value: string | null): string =>
  `${ruleFingerprint(ruleId, serviceId)}${value === null ? ':nogroup' : `:group:${encodeURIComponent(value)}`}`;

/** The group value an incident's fingerprint names, or undefined when it is not a group incident of this rule and service. */
export function groupOfFingerprint(fingerprint: string, ruleId: string, serviceId: string): { value: string | null } | undefined {
  const base = ruleFingerprint(ruleId, serviceId);
  if (fingerprint === `${base}:nogroup`) return { value: null };
  if (!fingerprint.startsWith(`${base}:group:`)) return undefined;
  return { value: decodeURIComponent(fingerprint.slice(base.length + ':group:'.length)) };
}

/** Fingerprint of the one incident a grouped rule opens when more groups cross than it may keep open. */
export const groupCapFingerprint = (ruleId: string): string => `rule:${ruleId}:groups-over-cap`;
