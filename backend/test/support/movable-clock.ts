import { Clock } from '../../src/common/clock';
import type { TestApp } from './test-app';

export interface MovableClock {
  /** Moves "now" of every app given forward by `ms` (cumulative). */
  advance(ms: number): void;
  /** The moved "now". */
  now(): Date;
  /** Gives an app started later (a restarted or extra instance) the same moved time. */
  attach(t: TestApp): void;
  /** Back to real time. */
  restore(): void;
}

/**
 * Domain time of one or more app instances, moved together (as wall time moves for every
 * replica): real time plus an offset, so timers fire by moving the clock, never by sleeping.
 */
export function movableClock(...apps: TestApp[]): MovableClock {
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const moved: Array<{ clock: Clock; original: Clock['now'] }> = [];
  const attach = (t: TestApp) => {
    const clock = t.app.get(Clock);
    moved.push({ clock, original: clock.now });
    clock.now = now;
  };
  apps.forEach(attach);
  return {
    advance: (ms) => void (offset += ms),
    now,
    attach,
    restore: () => moved.forEach(({ clock, original }) => (clock.now = original)),
  };
}
