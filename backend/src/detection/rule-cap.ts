/** The crossings that open incidents of their own, and those grouped into the rule's storm. */
export interface CappedCrossings<T> {
  individual: T[];
  grouped: T[];
}

interface Ranked {
  serviceId: string;
  count: number;
  /** Tie-break among crossings of one service (their fingerprint, for rules with group_by). */
  fingerprint?: string;
}

/** Loudest first, then by service id and fingerprint, so that every instance would choose the same ones. */
function loudestFirst<T extends Ranked>(crossings: readonly T[]): T[] {
  const key = (c: T) => c.fingerprint ?? c.serviceId;
  return [...crossings].sort((a, b) => b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Applies DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE: of the crossings found now, as many as
 * the rule has room for this minute open incidents of their own, loudest first; the rest go to the storm.
 */
export function capCrossings<T extends Ranked>(
  crossings: readonly T[],
  openedInLastMinute: number,
  limitPerMinute: number,
): CappedCrossings<T> {
  const room = Math.max(0, limitPerMinute - openedInLastMinute);
  const ranked = loudestFirst(crossings);
  return { individual: ranked.slice(0, room), grouped: ranked.slice(room) };
}

/**
 * Applies DETECTION_MAX_GROUPS_PER_RULE to a rule with group_by: with `openGroups` groups already
 * holding unresolved incidents, the loudest crossings fill the remaining room; the rest are over
 * the cap (they open no incident of their own: the rule's one "too many groups" incident names them).
 */
export function capGroups<T extends Ranked>(crossings: readonly T[], openGroups: number, maxGroups: number): { within: T[]; over: T[] } {
  const room = Math.max(0, maxGroups - openGroups);
  const ranked = loudestFirst(crossings);
  return { within: ranked.slice(0, room), over: ranked.slice(room) };
}
