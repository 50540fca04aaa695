/**
 * Wall-clock time in an IANA zone <-> instants, with the platform's time zone database (Intl):
 * no zone data of our own to keep up to date.
 */

export function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at `instant`, as a Date whose UTC fields hold it ("floating" time). */
export function toWallClock(instant: Date, zone: string): Date {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  return new Date(Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!));
}

const offsetMs = (instant: number, zone: string): number =>
  toWallClock(new Date(instant), zone).getTime() - Math.floor(instant / 1000) * 1000;

const DAY_MS = 86_400_000;

/**
 * The instant at which the wall clock in `zone` shows `wall` (a floating Date). Each day uses
 * its own offset, so "02:00 Europe/Berlin" is 01:00Z in winter and 00:00Z in summer. A wall
 * time shown twice (fall-back) maps to its first occurrence; one skipped by a spring-forward
 * maps to the same distance after the gap (02:30 -> 03:30 summer time).
 */
export function fromWallClock(wall: Date, zone: string): Date {
  const guess = wall.getTime();
  // Offsets a day either side: the only two a DST change can put in play on this day.
  const candidates = [guess - offsetMs(guess - DAY_MS, zone), guess - offsetMs(guess + DAY_MS, zone)];
  const exact = candidates.filter((instant) => toWallClock(new Date(instant), zone).getTime() === guess);
  return new Date(exact.length ? Math.min(...exact) : candidates[0]!);
}
