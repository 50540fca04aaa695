import { BadRequestException } from '@nestjs/common';

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type SeverityCounts = Record<(typeof SEVERITIES)[number], number>;

const DAY_MS = 86_400_000;
/** A year of daily bars is the most a chart shows; longer ranges are refused rather than answered with thousands of days. */
export const MAX_DAYS = 366;

export const noSeverities = (): SeverityCounts => ({ LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 });

export interface IncidentDay {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  total: number;
  by_severity: SeverityCounts;
}

/** The UTC days touched by [from, to): from's day through the day of the last millisecond before `to`. */
export function daysOf(from: Date, to: Date): Date[] {
  const first = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  const last = Math.floor((to.getTime() - 1) / DAY_MS) * DAY_MS;
  const count = to.getTime() <= from.getTime() ? 0 : (last - first) / DAY_MS + 1;
  if (count > MAX_DAYS) {
    throw new BadRequestException({
      message: `per-day counts cover at most ${MAX_DAYS} days; from..to spans ${count}: narrow the range`,
      details: [{ field: 'from', errors: [`must be at most ${MAX_DAYS} days before to`] }],
    });
  }
  return Array.from({ length: count }, (_, i) => new Date(first + i * DAY_MS));
}

/** Every day of the range, days without incidents included (charts need the zeros). */
export function fillDays(days: Date[], rows: { day: Date; severity: string; count: number }[]): IncidentDay[] {
  const byDay = new Map(days.map((day) => [day.getTime(), { day: day.toISOString().slice(0, 10), total: 0, by_severity: noSeverities() }]));
  for (const row of rows) {
    const entry = byDay.get(row.day.getTime());
    if (!entry || !(row.severity in entry.by_severity)) continue;
    entry.by_severity[row.severity as keyof SeverityCounts] += row.count;
    entry.total += row.count;
  }
  return [...byDay.values()];
}
