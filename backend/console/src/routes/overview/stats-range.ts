/** The ranges the overview offers, in days (the API allows up to 366). */
export const RANGES = [7, 30, 90] as const;
export type RangeDays = (typeof RANGES)[number];
export const DEFAULT_RANGE: RangeDays = 30;

const DAY_MS = 86_400_000;

export function readRange(value: string | null): RangeDays {
  return RANGES.find((days) => String(days) === value) ?? DEFAULT_RANGE;
}

/**
 * The start of the range: UTC midnight `days - 1` days before today, so the per-day counts
 * (UTC days, as the API groups them) are exactly `days` bars ending today. Rounding to
 * midnight also keeps the query key stable all day, so re-renders do not refetch.
 */
export function rangeStart(days: RangeDays, now: number): string {
  const todayStart = Math.floor(now / DAY_MS) * DAY_MS;
  return new Date(todayStart - (days - 1) * DAY_MS).toISOString();
}

/** "3 min 20 s", "2 h 5 min", "1 d 4 h": two units are enough to compare. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  const first = units.findIndex(([, size]) => s >= size);
  // s >= 60 here, so `first` is at most the minutes entry and a smaller unit follows it.
  const [bigName, bigSize] = units[first]!;
  const [smallName, smallSize] = units[first + 1]!;
  const small = Math.floor((s % bigSize) / smallSize);
  return `${Math.floor(s / bigSize)} ${bigName}${small ? ` ${small} ${smallName}` : ''}`;
}
