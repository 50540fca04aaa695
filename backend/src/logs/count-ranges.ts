/**
 * How a time range is counted: whole hours from `log_hour_counts` (plus the deltas not yet
 * compacted), whole minutes from `log_minute_counts`, and the pieces of minutes at either
 * end from `logs` itself. Minutes and hours are UTC (multiples of 60 s / 3600 s since the
 * epoch: the same as date_bin(..., '2000-01-01Z') in SQL).
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** [from, to); `to` undefined means open-ended (everything from `from` on, future logs included). */
export interface TimeRange {
  from: Date;
  to?: Date;
}

export interface CountRanges {
  /** Whole hours: hourly counts answer for them. */
  hours?: TimeRange;
  /** Whole minutes outside those hours (at most two ranges, each under an hour when hours are used). */
  minutes: TimeRange[];
  /** Parts of a minute at the ends, counted from the logs (each under a minute). */
  raw: TimeRange[];
}

const floorTo = (date: Date, unitMs: number) => new Date(Math.floor(date.getTime() / unitMs) * unitMs);
const ceilTo = (date: Date, unitMs: number) => new Date(Math.ceil(date.getTime() / unitMs) * unitMs);

/** [from, to) as its whole units and the (at most two) partial units around them; no overlap, no gap. */
export function splitAtWhole(unitMs: number, from: Date, to?: Date): { whole?: TimeRange; ends: TimeRange[] } {
  const first = ceilTo(from, unitMs);
  const end = to === undefined ? undefined : floorTo(to, unitMs);
  if (end !== undefined && end.getTime() <= first.getTime()) {
    // Not one whole unit inside: the range is all ends.
    return { ends: to!.getTime() > from.getTime() ? [{ from, to }] : [] };
  }
  const ends: TimeRange[] = [];
  if (first.getTime() > from.getTime()) ends.push({ from, to: first });
  if (to !== undefined && end!.getTime() < to.getTime()) ends.push({ from: end!, to });
  return { whole: { from: first, to: end }, ends };
}

/**
 * Splits [from, to) for counting. `hours` is false when the buckets are finer than an hour
 * (then hourly counts cannot say which bucket a log belongs to).
 */
export function countRanges(from: Date, to: Date | undefined, options: { hours: boolean }): CountRanges {
  const byMinute = splitAtWhole(MINUTE_MS, from, to);
  if (!byMinute.whole) return { minutes: [], raw: byMinute.ends };
  if (!options.hours) return { minutes: [byMinute.whole], raw: byMinute.ends };
  const byHour = splitAtWhole(HOUR_MS, byMinute.whole.from, byMinute.whole.to);
  return { hours: byHour.whole, minutes: byHour.ends, raw: byMinute.ends };
}
