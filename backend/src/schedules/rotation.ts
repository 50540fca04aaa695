import { DateTime } from 'luxon';

export type RotationKind = 'DAILY' | 'WEEKLY' | 'HOURS';

/** A rotation layer as the maths needs it (no ids, no names). */
export interface LayerRotation {
  rotation: RotationKind;
  /** HOURS only: the fixed length of a turn. */
  rotationHours: number | null;
  /** Local wall-clock "HH:MM" in timeZone. */
  handoffTime: string;
  /** Local date "YYYY-MM-DD" of the first hand-off, in timeZone. */
  startDate: string;
  /** IANA name, e.g. Europe/Berlin. */
  timeZone: string;
  /** In turn order. */
  participantIds: string[];
}

/** One person's turn: [start, end). */
export interface Shift {
  userId: string;
  start: Date;
  end: Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The instant of the first hand-off: the start date at the hand-off time, local to the layer's zone. */
export function firstHandoff(layer: LayerRotation): DateTime {
  return DateTime.fromISO(`${layer.startDate}T${layer.handoffTime}`, { zone: layer.timeZone });
}

/**
 * Hand-off number k (0 = the first). Daily and weekly turns add calendar days, so a 09:00
 * hand-off stays 09:00 local across DST (a turn that spans the change is an hour shorter or
 * longer). A local time that does not exist that day (inside the spring-forward gap) moves
 * forward by the gap, as Luxon resolves it. HOURS turns add fixed durations: they keep their
 * length and drift by an hour in local time across DST. Always computed from the first
 * hand-off, so such an adjustment never accumulates.
 */
function handoff(layer: LayerRotation, first: DateTime, k: number): DateTime {
  return first.plus({ days: k * (layer.rotation === 'DAILY' ? 1 : 7) });
}

/** Nominal turn length, only to jump close to a window without walking every turn before it. */
function nominalTurnMs(layer: LayerRotation): number {
  if (layer.rotation === 'HOURS') return (layer.rotationHours ?? 1) * HOUR_MS;
  return layer.rotation === 'DAILY' ? DAY_MS : 7 * DAY_MS;
}

/**
 * The turns of one layer that overlap [from, to), whole (not clipped), in order. Nobody is on
 * call in this layer before its first hand-off.
 */
export function layerShifts(layer: LayerRotation, from: Date, to: Date): Shift[] {
  const count = layer.participantIds.length;
  if (count === 0 || to.getTime() <= from.getTime()) return [];
  const first = firstHandoff(layer);
  if (!first.isValid) return [];
  // A DST change moves a boundary by at most a few hours, far less than a turn of 1 h or
  // more, so starting one turn early always lands at or before the turn holding `from`.
  let k = Math.max(0, Math.floor((from.getTime() - first.toMillis()) / nominalTurnMs(layer)) - 1);
  // HOURS boundaries are plain arithmetic; a zoned Luxon step costs ~0.1 ms, which an hourly
  // layer over a year (8,784 turns) would turn into a second.
  const firstMs = first.toMillis();
  const boundary =
    layer.rotation === 'HOURS' ? (i: number) => firstMs + i * nominalTurnMs(layer) : (i: number) => handoff(layer, first, i).toMillis();
  const shifts: Shift[] = [];
  let start = boundary(k);
  while (start < to.getTime()) {
    const end = boundary(k + 1);
    if (end > from.getTime()) shifts.push({ userId: layer.participantIds[k % count]!, start: new Date(start), end: new Date(end) });
    k += 1;
    start = end;
  }
  return shifts;
}
