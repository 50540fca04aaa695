import { RRule, type Options } from 'rrule';
import { fromWallClock, toWallClock } from './zoned-time';

/**
 * Most windows one silence may expand to: a daily window for a year fits (366), an hourly one
 * does not. It bounds the work and the rows one request can cause.
 */
export const MAX_SILENCE_WINDOWS = 1000;

export interface Window {
  startsAt: Date;
  endsAt: Date;
}

export interface Recurrence {
  /** RRULE body without DTSTART, e.g. `FREQ=WEEKLY;BYDAY=SU`. */
  rrule: string;
  /** Local start of each occurrence, `HH:MM`. */
  startTime: string;
  durationMinutes: number;
  timeZone: string;
}

/** A refusal naming the request field it is about. */
export class RecurrenceError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Parses an RRULE with the `rrule` library and refuses what it lets through silently: an
 * unknown FREQ, a malformed number or weekday, or a DTSTART/TZID (the start comes from
 * `start_time` and `time_zone`).
 */
export function parseRrule(text: string): Partial<Options> {
  if (/(^|[;:\s])(DTSTART|TZID)\b/i.test(text)) {
    throw new RecurrenceError('recurrence.rrule', 'recurrence.rrule must not contain DTSTART or TZID: use start_time and time_zone');
  }
  let options: Partial<Options>;
  try {
    options = RRule.parseString(text.replace(/^RRULE:/i, ''));
  } catch (error) {
    throw new RecurrenceError('recurrence.rrule', `recurrence.rrule is not a valid RRULE: ${(error as Error).message}`);
  }
  if (options.freq === undefined || options.freq === null) {
    throw new RecurrenceError('recurrence.rrule', 'recurrence.rrule needs a FREQ of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY or MINUTELY');
  }
  if (options.freq === RRule.SECONDLY) {
    throw new RecurrenceError('recurrence.rrule', 'recurrence.rrule FREQ=SECONDLY is not supported');
  }
  for (const [key, value] of Object.entries(options)) {
    const values = Array.isArray(value) ? value : [value];
    if (
      values.some(
        (item) => item === null || item === undefined || (typeof item === 'number' && !Number.isInteger(item)) || typeof item === 'string',
      )
    ) {
      throw new RecurrenceError('recurrence.rrule', `recurrence.rrule has an invalid ${key.toUpperCase()} value`);
    }
  }
  return options;
}

/**
 * The occurrences of `recurrence` that overlap [startsAt, endsAt), clipped to it. Occurrences
 * are computed on the wall clock of the zone and each converted with that day's offset, so
 * "Sundays 02:00" stays 02:00 local across DST changes. Stops (and refuses) as soon as there
 * are more than MAX_SILENCE_WINDOWS, so a rule like FREQ=MINUTELY costs at most that much work.
 */
export function expandRecurrence(recurrence: Recurrence, startsAt: Date, endsAt: Date): Window[] {
  const options = parseRrule(recurrence.rrule);
  const [hour, minute] = recurrence.startTime.split(':').map(Number) as [number, number];
  const durationMs = recurrence.durationMinutes * MINUTE_MS;
  // Start the series on the local day of startsAt (minus one occurrence's length, so a
  // window already running at startsAt counts), at start_time.
  const firstWall = toWallClock(new Date(startsAt.getTime() - durationMs), recurrence.timeZone);
  const dtstart = new Date(Date.UTC(firstWall.getUTCFullYear(), firstWall.getUTCMonth(), firstWall.getUTCDate(), hour, minute));
  const lastWall = new Date(toWallClock(endsAt, recurrence.timeZone).getTime() + DAY_MS);
  // Unset BYHOUR/BYMINUTE default to DTSTART's: start_time.
  const rule = new RRule({ ...options, dtstart, tzid: null });
  const windows: Window[] = [];
  let tooMany = false;
  rule.between(dtstart, lastWall, true, (wall) => {
    const start = fromWallClock(wall, recurrence.timeZone);
    const end = new Date(start.getTime() + durationMs);
    if (end > startsAt && start < endsAt) {
      windows.push({ startsAt: start < startsAt ? startsAt : start, endsAt: end > endsAt ? endsAt : end });
    }
    if (windows.length > MAX_SILENCE_WINDOWS) {
      tooMany = true;
      return false;
    }
    return start < endsAt;
  });
  if (tooMany) {
    throw new RecurrenceError(
      'recurrence.rrule',
      `recurrence.rrule yields more than ${MAX_SILENCE_WINDOWS} windows between starts_at and ends_at: shorten the period or repeat less often`,
    );
  }
  return mergeOverlapping(windows);
}

/** Occurrences longer than their spacing overlap; one window each keeps "in force" one lookup. */
function mergeOverlapping(windows: Window[]): Window[] {
  const merged: Window[] = [];
  for (const window of windows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const last = merged.at(-1);
    if (last && window.startsAt <= last.endsAt) {
      if (window.endsAt > last.endsAt) last.endsAt = window.endsAt;
    } else {
      merged.push({ ...window });
    }
  }
  return merged;
}
