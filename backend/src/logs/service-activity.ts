import type { LogLevel } from '../generated/prisma/enums';
import { bucketStart } from './log-stats';

/** Sparkline windows of the services list: the last hour by minute, the last day by hour. */
export const ACTIVITY_RANGES = {
  '1h': { interval: '1m', intervalMs: 60_000, buckets: 60 },
  '24h': { interval: '1h', intervalMs: 3_600_000, buckets: 24 },
} as const;
export type ActivityRange = keyof typeof ACTIVITY_RANGES;

export interface ActivityWindow {
  range: ActivityRange;
  interval: (typeof ACTIVITY_RANGES)[ActivityRange]['interval'];
  intervalMs: number;
  /** Start of the first bucket (aligned to UTC minutes or hours). */
  from: Date;
  /** Now: the last bucket is the current, unfinished one. */
  to: Date;
  buckets: number;
}

const ERROR_LEVELS: ReadonlySet<LogLevel> = new Set(['ERROR', 'FATAL']);

export function activityWindow(range: ActivityRange, now: Date): ActivityWindow {
  const { interval, intervalMs, buckets } = ACTIVITY_RANGES[range];
  const from = new Date(bucketStart(now.getTime(), intervalMs) - (buckets - 1) * intervalMs);
  return { range, interval, intervalMs, from, to: now, buckets };
}

/** Logs per bucket (volume) and ERROR + FATAL logs per bucket (errors) of one service, every bucket listed. */
export function activitySeries(
  window: ActivityWindow,
  rows: { bucket: Date; level: LogLevel; count: number }[],
): { volume: number[]; errors: number[] } {
  const volume = new Array<number>(window.buckets).fill(0);
  const errors = new Array<number>(window.buckets).fill(0);
  for (const row of rows) {
    const i = Math.round((row.bucket.getTime() - window.from.getTime()) / window.intervalMs);
    if (i < 0 || i >= window.buckets) continue;
    volume[i]! += row.count;
    if (ERROR_LEVELS.has(row.level)) errors[i]! += row.count;
  }
  return { volume, errors };
}
