/**
 * Daily partitions of `logs` are named logs_pYYYYMMDD and cover one UTC day
 * (see ensure_log_partitions() in the first migration). Pure date arithmetic on UTC days.
 */

const DAY_MS = 86_400_000;
const PARTITION_NAME = /^logs_p(\d{4})(\d{2})(\d{2})$/;

/** Midnight UTC of the day holding `at`. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

/** `2026-11-24` (the SQL date literal of a UTC day). */
export function isoDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** The UTC day a partition covers, from its name; undefined for any other table. */
export function partitionDay(name: string): Date | undefined {
  const match = PARTITION_NAME.exec(name);
  if (!match) return undefined;
  const day = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? undefined : day;
}

/**
 * Logs with a timestamp before this are expired: midnight UTC `retentionDays` days ago.
 * So a log is kept between `retentionDays` and `retentionDays + 1` days, and every
 * partition is either wholly expired (dropped) or wholly kept.
 */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return addDays(startOfUtcDay(now), -retentionDays);
}

/** Partitions kept ready: from yesterday (late logs) to a week ahead (slack if the hourly job fails for days). */
export const PARTITION_DAYS_BEHIND = 1;
export const PARTITION_DAYS_AHEAD = 7;
