/**
 * How a time range is counted: whole minutes from the per-minute counts (`log_minute_counts`),
 * the pieces of minutes at either end from the logs themselves. Minutes are UTC minutes
 * (multiples of 60 s since the epoch, the same as date_bin('1 minute', ts, '2000-01-01Z')).
 */
export const MINUTE_MS = 60_000;

/** [from, to); `to` undefined means open-ended (everything from `from` on, future logs included). */
export interface TimeRange {
  from: Date;
  to?: Date;
}

export interface CountSplit {
  /** Whole minutes: the minute counts answer for them. */
  minutes?: TimeRange;
  /** Parts of a minute at the ends: counted from raw logs (each shorter than a minute). */
  raw: TimeRange[];
}

export const floorToMinute = (date: Date): Date => new Date(Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS);
export const ceilToMinute = (date: Date): Date => new Date(Math.ceil(date.getTime() / MINUTE_MS) * MINUTE_MS);

/** Splits [from, to) into whole minutes and the (at most two) partial minutes around them; the parts do not overlap. */
export function splitAtWholeMinutes(from: Date, to?: Date): CountSplit {
  const firstMinute = ceilToMinute(from);
  const endMinute = to === undefined ? undefined : floorToMinute(to);
  if (endMinute !== undefined && endMinute.getTime() <= firstMinute.getTime()) {
    // No whole minute inside: the range is at most two partial minutes, cheap to count raw.
    return { raw: to!.getTime() > from.getTime() ? [{ from, to }] : [] };
  }
  const raw: TimeRange[] = [];
  if (firstMinute.getTime() > from.getTime()) raw.push({ from, to: firstMinute });
  if (to !== undefined && endMinute!.getTime() < to.getTime()) raw.push({ from: endMinute!, to });
  return { minutes: { from: firstMinute, to: endMinute }, raw };
}
