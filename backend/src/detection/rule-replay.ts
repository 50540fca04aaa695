// A rule replayed over history, pure so it is unit-tested: the scheduler's evaluations at
// regular ticks over the past, for one key (service, or service and group value), using the
// same `decideWindow` as the live engine.
import { CLOCK_SKEW_ALLOWANCE_MS } from './detection-window';
import { decideWindow, type CountRule } from './window-decision';

/** Matching logs stamped `at` (ms since the epoch); history is a sorted list of them. */
export interface HistoryPoint {
  at: number;
  count: number;
}

export interface ReplaySettings {
  rule: CountRule;
  windowMs: number;
  /** THRESHOLD: quiet time after which an incident resolves (null: never). */
  autoResolveMs: number | null;
  /** Time between two evaluations: the preview's granularity. */
  stepMs: number;
}

/** An incident the replay would have opened: times in ms, `resolvedAt` null when still open at the end. */
export interface ReplayedIncident {
  openedAt: number;
  resolvedAt: number | null;
  /** THRESHOLD: largest window count while open. ABSENCE: the count that opened it. */
  peakCount: number;
}

/** Prefix sums over sorted points: counts in any (low, high] in O(log n). */
class History {
  private readonly prefix: number[] = [0];

  constructor(private readonly points: readonly HistoryPoint[]) {
    for (const point of points) this.prefix.push(this.prefix[this.prefix.length - 1]! + point.count);
  }

  /** Number of points stamped at or before `at`. */
  private upTo(at: number): number {
    let low = 0;
    let high = this.points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.points[middle]!.at <= at) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  countIn(lowExclusive: number, highInclusive: number): number {
    if (highInclusive <= lowExclusive) return 0;
    return this.prefix[this.upTo(highInclusive)]! - this.prefix[this.upTo(lowExclusive)]!;
  }

  lastAtOrBefore(at: number): number | null {
    const index = this.upTo(at);
    return index === 0 ? null : this.points[index - 1]!.at;
  }

  firstAfter(at: number): number | null {
    const index = this.upTo(at);
    return index === this.points.length ? null : this.points[index]!.at;
  }
}

const ceilTo = (value: number, step: number) => Math.ceil(value / step) * step;

/**
 * Evaluates at every multiple of `stepMs` in [from, to], like the scheduler does with its
 * clock: window (t - window, t + skew]; THRESHOLD opens above the threshold counting only logs
 * after the previous resolution and resolves once nothing matched (nor was attached) for the
 * quiet time; ABSENCE opens below min_count once the key was seen before the window and
 * resolves when a window holds min_count again. Ticks where nothing can change are skipped.
 */
export function replayKey(
  settings: ReplaySettings,
  points: readonly HistoryPoint[],
  firstSeen: number | null,
  range: { from: number; to: number },
): ReplayedIncident[] {
  const history = new History(points);
  const { rule, windowMs, autoResolveMs, stepMs } = settings;
  const incidents: ReplayedIncident[] = [];
  let current: ReplayedIncident | undefined;
  let lastResolvedAt = Number.NEGATIVE_INFINITY;
  let t = ceilTo(range.from, stepMs);
  while (t <= range.to) {
    const high = t + CLOCK_SKEW_ALLOWANCE_MS;
    const windowCount = history.countIn(t - windowMs, high);
    let next = t + stepMs;
    if (rule.kind === 'ABSENCE') {
      const seenBeforeWindow = firstSeen !== null && firstSeen <= t - windowMs;
      const decision = decideWindow(rule, { count: windowCount, seenBeforeWindow, open: current !== undefined });
      if (decision === 'open') incidents.push((current = { openedAt: t, resolvedAt: null, peakCount: windowCount }));
      if (decision === 'resolve' && current) [current.resolvedAt, current] = [t, undefined];
    } else if (current) {
      current.peakCount = Math.max(current.peakCount, windowCount);
      const activity = Math.max(history.lastAtOrBefore(high) ?? Number.NEGATIVE_INFINITY, current.openedAt);
      if (autoResolveMs !== null && t - activity > autoResolveMs) {
        [current.resolvedAt, current, lastResolvedAt] = [t, undefined, t];
      } else if (windowCount === 0) {
        // Nothing changes until the quiet time is over or the next log enters the window.
        next = Math.min(autoResolveMs === null ? Infinity : activity + autoResolveMs + 1, nextEntry(history, high));
      }
    } else {
      const count = history.countIn(Math.max(t - windowMs, lastResolvedAt), high);
      if (decideWindow(rule, { count, seenBeforeWindow: true, open: false }) === 'open') {
        incidents.push((current = { openedAt: t, resolvedAt: null, peakCount: windowCount }));
      } else if (count === 0) {
        next = nextEntry(history, high);
      }
    }
    t = Math.max(t + stepMs, ceilTo(next, stepMs));
  }
  return incidents;
}

/** When the next log enters the window of a tick (its stamp minus the skew allowance). */
function nextEntry(history: History, after: number): number {
  const at = history.firstAfter(after);
  return at === null ? Infinity : at - CLOCK_SKEW_ALLOWANCE_MS;
}
