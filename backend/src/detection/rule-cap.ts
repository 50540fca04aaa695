/** The crossings that open incidents of their own, and those grouped into the rule's storm. */
export interface CappedCrossings<T> {
  individual: T[];
  grouped: T[];
}

/**
 * Applies DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE: of the crossings found now, as many as
 * the rule has room for this minute open incidents of their own, loudest first (then by service
 * id, so that every instance would choose the same ones); the rest go to the storm.
 */
export function capCrossings<T extends { serviceId: string; count: number }>(
  crossings: readonly T[],
  openedInLastMinute: number,
  limitPerMinute: number,
): CappedCrossings<T> {
  const room = Math.max(0, limitPerMinute - openedInLastMinute);
  const loudestFirst = [...crossings].sort(
    (a, b) => b.count - a.count || (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0),
  );
  return { individual: loudestFirst.slice(0, room), grouped: loudestFirst.slice(room) };
}
