import type { Shift } from './rotation';

/** A stretch of the final answer: who is on call over [start, end) (null: nobody). */
export interface TimelineSegment {
  userId: string | null;
  start: Date;
  end: Date;
}

export interface TimelineInput {
  /** Each layer's turns in order, layers lowest first: a later layer wins where it has someone. */
  layers: Shift[][];
  /** Overrides oldest first: a later one wins where two overlap; any override wins over layers. */
  overrides: Shift[];
  /** Whether a user may be on call (active). Someone who may not is treated as nobody: see README. */
  canBeOnCall: (userId: string) => boolean;
}

/**
 * The one answer to "who is on call" over [from, to): overrides first (newest wins), then the
 * highest layer that has someone. Adjacent stretches with the same answer are merged, so every
 * segment boundary is a real change. Segments cover [from, to) without gaps (nobody included).
 */
export function resolveTimeline(input: TimelineInput, from: Date, to: Date): TimelineSegment[] {
  const lo = from.getTime();
  const hi = to.getTime();
  if (hi <= lo) return [];
  const eligible = (shift: Shift) => input.canBeOnCall(shift.userId) && shift.end.getTime() > lo && shift.start.getTime() < hi;
  const overrides = input.overrides.filter(eligible);
  const layers = input.layers.map((shifts) => shifts.filter(eligible));
  const cuts = new Set<number>([lo, hi]);
  for (const shift of [...overrides, ...layers.flat()]) {
    for (const t of [shift.start.getTime(), shift.end.getTime()]) if (t > lo && t < hi) cuts.add(t);
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Each layer's turns do not overlap and are sorted, and the points ascend: one cursor per layer.
  const cursors = layers.map(() => 0);
  const segments: TimelineSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const at = points[i]!;
    const userId = overrideAt(overrides, at) ?? layerAt(layers, cursors, at);
    const last = segments.at(-1);
    if (last && last.userId === userId) last.end = new Date(points[i + 1]!);
    else segments.push({ userId, start: new Date(at), end: new Date(points[i + 1]!) });
  }
  return segments;
}

const covers = (shift: Shift, at: number) => shift.start.getTime() <= at && at < shift.end.getTime();

function overrideAt(overrides: Shift[], at: number): string | null {
  for (let i = overrides.length - 1; i >= 0; i--) if (covers(overrides[i]!, at)) return overrides[i]!.userId;
  return null;
}

function layerAt(layers: Shift[][], cursors: number[], at: number): string | null {
  for (let l = layers.length - 1; l >= 0; l--) {
    const shifts = layers[l]!;
    while (cursors[l]! < shifts.length && shifts[cursors[l]!]!.end.getTime() <= at) cursors[l] = cursors[l]! + 1;
    const shift = shifts[cursors[l]!];
    if (shift && covers(shift, at)) return shift.userId;
  }
  return null;
}
