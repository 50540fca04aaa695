import { useNow } from './use-now';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
// The browser's own zone and locale: the API speaks UTC, people do not.
// (dateStyle/timeStyle cannot be combined with timeZoneName: the fields are spelled out.)
const absoluteFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

export function relativeTo(time: number, now: number): string {
  const elapsed = time - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(elapsed) >= ms) return relativeFormat.format(Math.round(elapsed / ms), unit);
  }
  return Math.abs(elapsed) < 45_000 ? 'just now' : relativeFormat.format(Math.round(elapsed / 1000), 'second');
}

export function absoluteTime(iso: string): string {
  return absoluteFormat.format(new Date(iso));
}

/** "5 minutes ago", with the absolute time (browser zone) as its title and machine-readable value. */
export function RelativeTime({ value, fallback = '—' }: { value: string | null | undefined; fallback?: string }) {
  const now = useNow();
  if (!value) return <span>{fallback}</span>;
  const absolute = absoluteTime(value);
  return (
    <time dateTime={value} title={absolute} aria-label={`${relativeTo(Date.parse(value), now)} (${absolute})`}>
      {relativeTo(Date.parse(value), now)}
    </time>
  );
}
