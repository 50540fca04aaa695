import type { RisingPattern } from './analysis.types';

const MINUTE_MS = 60_000;
/** Context shown around the incident on its activity chart. */
export const CONTEXT_MS = 30 * MINUTE_MS;
/** The baseline the incident's templates are compared with. */
export const BASELINE_MS = 60 * MINUTE_MS;
export const MAX_BUCKETS = 1440;
const BUCKET_SIZES_SECONDS = [60, 300, 900, 3600, 6 * 3600, 86_400];

export interface ChartWindow {
  from: Date;
  to: Date;
  bucketSeconds: number;
  bucketCount: number;
}

/**
 * The activity chart's window: 30 min before the first log to 30 min after the last (or
 * now), never past now, in minute buckets; a long incident gets wider buckets so the
 * answer stays at most MAX_BUCKETS long.
 */
export function chartWindow(firstSeen: Date, lastSeen: Date | null, now: Date): ChartWindow {
  const fromMs = Math.floor((firstSeen.getTime() - CONTEXT_MS) / MINUTE_MS) * MINUTE_MS;
  const wantedToMs = Math.min((lastSeen ?? now).getTime() + CONTEXT_MS, now.getTime());
  const toMs = Math.max(wantedToMs, fromMs + MINUTE_MS);
  const bucketSeconds =
    BUCKET_SIZES_SECONDS.find((size) => Math.ceil((toMs - fromMs) / (size * 1000)) <= MAX_BUCKETS) ?? BUCKET_SIZES_SECONDS.at(-1)!;
  const bucketCount = Math.min(MAX_BUCKETS, Math.ceil((toMs - fromMs) / (bucketSeconds * 1000)));
  // The end is a whole number of buckets after the start, so the last bucket is not cut short.
  return { from: new Date(fromMs), to: new Date(fromMs + bucketCount * bucketSeconds * 1000), bucketSeconds, bucketCount };
}

export interface TemplateCounts {
  template: string;
  incidentCount: number;
  baselineCount: number;
}

/**
 * Templates ranked by how much their rate rose from the hour before the incident to the
 * incident itself. Add-one smoothing keeps a template absent from the baseline from
 * dividing by zero, and ranks 500 new occurrences above 2.
 */
export function rankRisingTemplates(
  counts: TemplateCounts[],
  incidentMinutes: number,
  baselineMinutes: number,
  limit: number,
): RisingPattern[] {
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return counts
    .map((c) => {
      const incidentRate = c.incidentCount / incidentMinutes;
      const baselineRate = c.baselineCount / baselineMinutes;
      const ratio = (c.incidentCount + 1) / incidentMinutes / ((c.baselineCount + 1) / baselineMinutes);
      return { ...c, incidentRatePerMinute: round(incidentRate), baselineRatePerMinute: round(baselineRate), ratio: round(ratio) };
    })
    .filter((c) => c.ratio > 1)
    .sort((a, b) => b.ratio - a.ratio || b.incidentCount - a.incidentCount)
    .slice(0, limit);
}

/** Minutes the incident lasted (at least one, so a burst within one minute is not infinite). */
export const incidentMinutes = (firstSeen: Date, lastSeen: Date): number =>
  Math.max(1, (lastSeen.getTime() - firstSeen.getTime()) / MINUTE_MS);
