import { BadRequestException } from '@nestjs/common';
import { LOG_LEVELS } from '../common/log-levels';
import type { LogLevel } from '../generated/prisma/enums';

/** Bucket sizes of `GET /logs/stats`, in milliseconds. */
export const STATS_INTERVALS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
export type StatsInterval = keyof typeof STATS_INTERVALS;

/** Buckets start at multiples of the interval from this origin (UTC midnight): days are UTC days. */
export const BUCKET_ORIGIN = '2000-01-01T00:00:00Z';
const ORIGIN_MS = Date.parse(BUCKET_ORIGIN);
export const MAX_BUCKETS = 5000;
/** Without `from`, stats cover the last day: every query stays bounded in time, so partitions are pruned. */
export const DEFAULT_STATS_RANGE_MS = 86_400_000;

export type LevelCounts = Record<LogLevel, number>;

export interface StatsBucket {
  start: Date;
  total: number;
  counts: LevelCounts;
}

export const emptyCounts = (): LevelCounts => Object.fromEntries(LOG_LEVELS.map((level) => [level, 0])) as LevelCounts;

export function bucketStart(ms: number, intervalMs: number): number {
  return ORIGIN_MS + Math.floor((ms - ORIGIN_MS) / intervalMs) * intervalMs;
}

/** The range to count: `from` rounded down to its bucket, `to` exclusive; refused when it is backwards or too fine. */
export function statsRange(interval: StatsInterval, now: Date, from?: Date, to?: Date): { from: Date; to: Date; buckets: number } {
  const intervalMs = STATS_INTERVALS[interval];
  const end = to ?? now;
  const start = new Date(bucketStart((from ?? new Date(end.getTime() - DEFAULT_STATS_RANGE_MS)).getTime(), intervalMs));
  if (start.getTime() >= end.getTime()) throw new BadRequestException('from must be before to');
  const buckets = Math.ceil((end.getTime() - start.getTime()) / intervalMs);
  if (buckets > MAX_BUCKETS) {
    throw new BadRequestException(
      `That range holds ${buckets} buckets of ${interval}; at most ${MAX_BUCKETS}: use a larger interval or a shorter range`,
    );
  }
  return { from: start, to: end, buckets };
}

/** Every bucket of the range, the empty ones included (charts need the zeros). */
export function fillBuckets(
  range: { from: Date; buckets: number },
  intervalMs: number,
  rows: { bucket: Date; level: LogLevel; count: number }[],
): StatsBucket[] {
  const buckets: StatsBucket[] = Array.from({ length: range.buckets }, (_, i) => ({
    start: new Date(range.from.getTime() + i * intervalMs),
    total: 0,
    counts: emptyCounts(),
  }));
  for (const row of rows) {
    const bucket = buckets[Math.round((row.bucket.getTime() - range.from.getTime()) / intervalMs)];
    if (!bucket) continue;
    bucket.counts[row.level] += row.count;
    bucket.total += row.count;
  }
  return buckets;
}
