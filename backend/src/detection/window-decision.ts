// The per-window decision of the count-based rule kinds, pure: the live engine and a preview
// over historical per-window counts call the same function, so they cannot disagree.

/** What one window's count means for a rule and one (service) key. */
export type WindowDecision = 'open' | 'resolve' | 'none';

/** The rule settings the decision reads (API field names). */
export interface CountRule {
  kind: 'THRESHOLD' | 'ABSENCE';
  /** THRESHOLD: open when the count is greater than this. */
  threshold: number | null;
  /** ABSENCE: open when the count is below this. */
  min_count: number | null;
}

/** What is known about one key at the end of one window. */
export interface WindowState {
  /** Matching logs in the window. */
  count: number;
  /**
   * ABSENCE only: the key had sent logs before the window started. A service that never sent
   * anything (or first appeared inside the window) is not "quiet", it is unknown.
   */
  seenBeforeWindow: boolean;
  /** The key has an unresolved incident of the rule. */
  open: boolean;
}

/**
 * THRESHOLD: open above the threshold; resolving is by quiet time (auto_resolve_seconds), not
 * by count. ABSENCE: open below min_count once the key was known; resolve as soon as a window
 * holds min_count logs again.
 */
export function decideWindow(rule: CountRule, state: WindowState): WindowDecision {
  if (rule.kind === 'THRESHOLD') {
    return !state.open && state.count > (rule.threshold ?? 0) ? 'open' : 'none';
  }
  const expected = rule.min_count ?? 1;
  if (state.open) return state.count >= expected ? 'resolve' : 'none';
  return state.seenBeforeWindow && state.count < expected ? 'open' : 'none';
}

/** One window of a replay: its end and its count. */
export interface CountedWindow {
  at: Date;
  count: number;
}

/** An opening or resolution a replay would have produced. */
export interface ReplayedDecision {
  at: Date;
  decision: Exclude<WindowDecision, 'none'>;
  count: number;
}

/**
 * Walks consecutive windows (oldest first) of one key through `decideWindow`, carrying the
 * open/resolved state: what the live engine would have done over that history. `firstSeen` is
 * when the key first sent a log (null: never); `windowSeconds` tells whether it was before a
 * window started.
 */
export function replayWindows(
  rule: CountRule,
  windows: readonly CountedWindow[],
  firstSeen: Date | null,
  windowSeconds: number,
): ReplayedDecision[] {
  const decisions: ReplayedDecision[] = [];
  let open = false;
  for (const window of windows) {
    const windowStart = window.at.getTime() - windowSeconds * 1000;
    const seenBeforeWindow = firstSeen !== null && firstSeen.getTime() <= windowStart;
    const decision = decideWindow(rule, { count: window.count, seenBeforeWindow, open });
    if (decision === 'none') continue;
    open = decision === 'open';
    decisions.push({ at: window.at, decision, count: window.count });
  }
  return decisions;
}
