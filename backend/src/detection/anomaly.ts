// The maths of the ANOMALY rule, pure so it is unit-tested: is the current count far above
// what this service usually produces per minute?

const MINUTE_MS = 60_000;

export interface AnomalySettings {
  windowSeconds: number;
  zScore: number;
  minCount: number;
  minBaselineMinutes: number;
}

export interface AnomalyVerdict {
  anomalous: boolean;
  /** Why not, or why: for logs and the incident's description. */
  reason: string;
  baselineMinutes: number;
  mean: number;
  stddev: number;
  /** Current count scaled to one minute, comparable with the per-minute baseline. */
  currentPerMinute: number;
  z: number | null;
}

/**
 * How many baseline minutes the service existed for. Minute `i` covers (end - (i+1) min, end - i min];
 * a minute counts once the service was seen in it. Without a first-seen time, the oldest
 * minute with a matching log stands in for it.
 */
export function availableBaselineMinutes(
  baselineEnd: Date,
  firstSeen: Date | null,
  baselineMinutes: number,
  countsByMinuteAgo: ReadonlyMap<number, number>,
): number {
  if (firstSeen === null) {
    const withData = [...countsByMinuteAgo].filter(([, count]) => count > 0).map(([minute]) => minute);
    return withData.length ? Math.min(baselineMinutes, Math.max(...withData) + 1) : 0;
  }
  const age = baselineEnd.getTime() - firstSeen.getTime();
  if (age < 0) return 0;
  return Math.min(baselineMinutes, Math.floor(age / MINUTE_MS) + 1);
}

/** One count per available minute, most recent first; minutes without logs count as 0. */
export function zeroFilledBaseline(countsByMinuteAgo: ReadonlyMap<number, number>, minutes: number): number[] {
  return Array.from({ length: minutes }, (_, minute) => countsByMinuteAgo.get(minute) ?? 0);
}

export function meanAndStddev(values: readonly number[]): { mean: number; stddev: number } {
  if (values.length === 0) return { mean: 0, stddev: 0 };
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, stddev: Math.sqrt(variance) };
}

/**
 * z = (current per minute - mean) / max(stddev, 1). The floor of 1 keeps a flat baseline
 * (stddev 0, e.g. a service that never logs errors) from turning one stray error into an
 * infinite z; `minCount` keeps tiny absolute numbers from paging anyone.
 */
export function judgeAnomaly(current: number, baseline: readonly number[], settings: AnomalySettings): AnomalyVerdict {
  const { mean, stddev } = meanAndStddev(baseline);
  const currentPerMinute = (current * 60) / settings.windowSeconds;
  const base = { baselineMinutes: baseline.length, mean, stddev, currentPerMinute };
  if (baseline.length < settings.minBaselineMinutes) {
    return { ...base, anomalous: false, z: null, reason: `only ${baseline.length} baseline minutes (need ${settings.minBaselineMinutes})` };
  }
  const z = (currentPerMinute - mean) / Math.max(stddev, 1);
  if (current < settings.minCount) {
    return { ...base, anomalous: false, z, reason: `${current} logs in the window (need at least ${settings.minCount})` };
  }
  if (!(z > settings.zScore)) {
    return { ...base, anomalous: false, z, reason: `z = ${z.toFixed(2)} is not above ${settings.zScore}` };
  }
  return {
    ...base,
    anomalous: true,
    z,
    reason:
      `${current} logs in the last ${settings.windowSeconds} s against ${mean.toFixed(2)} ± ${stddev.toFixed(2)} per minute ` +
      `over ${baseline.length} min: z = ${z.toFixed(2)} > ${settings.zScore}`,
  };
}
