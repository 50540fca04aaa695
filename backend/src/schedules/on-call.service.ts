import { Injectable } from '@nestjs/common';
import { resolveTimeline, type TimelineSegment } from './on-call-timeline';
import { layerShifts } from './rotation';
import type { Roster } from './schedule-roster';
import { ScheduleOverridesRepository } from './schedule-overrides.repository';
import type { ScheduleDefinition } from './schedules.repository';

const DAY_MS = 86_400_000;
/** How far ahead `until` is looked for: a month covers any daily/weekly rotation with a few people. */
const NEAR_LOOKAHEAD_MS = 31 * DAY_MS;
/** Beyond a year without a change (e.g. a one-person layer), `until` is null. */
const FAR_LOOKAHEAD_MS = 366 * DAY_MS;
/** How far ahead "next on call" is looked for. */
export const NEXT_LOOKAHEAD_MS = 90 * DAY_MS;

export interface OnCallAnswer {
  userId: string | null;
  /** The next change of the answer; null when none within a year. */
  until: Date | null;
}

/** The final timeline of a schedule: its layers' turns, stacked, with its overrides on top. */
@Injectable()
export class OnCallService {
  constructor(private readonly overrides: ScheduleOverridesRepository) {}

  async timeline(schedule: ScheduleDefinition, roster: Roster, from: Date, to: Date): Promise<TimelineSegment[]> {
    const overrides = await this.overrides.overlapping(schedule.id, from, to);
    return resolveTimeline(
      {
        layers: schedule.layers.map((layer) => layerShifts(layer, from, to)),
        overrides: overrides.map((o) => ({ userId: o.userId, start: o.startsAt, end: o.endsAt })),
        canBeOnCall: (userId) => roster.get(userId)?.active === true,
      },
      from,
      to,
    );
  }

  /** Who is on call at `at`, and until when (looked for a month ahead, then a year). */
  async at(schedule: ScheduleDefinition, roster: Roster, at: Date): Promise<OnCallAnswer> {
    const near = new Date(at.getTime() + NEAR_LOOKAHEAD_MS);
    const [soon] = await this.timeline(schedule, roster, at, near);
    if (soon!.end.getTime() < near.getTime()) return { userId: soon!.userId, until: soon!.end };
    const far = new Date(at.getTime() + FAR_LOOKAHEAD_MS);
    const [first] = await this.timeline(schedule, roster, at, far);
    return { userId: first!.userId, until: first!.end.getTime() < far.getTime() ? first!.end : null };
  }

  /** Only the answer at one instant: the cheapest window (one minute) that contains it. */
  async userIdAt(schedule: ScheduleDefinition, roster: Roster, at: Date): Promise<string | null> {
    const [first] = await this.timeline(schedule, roster, at, new Date(at.getTime() + 60_000));
    return first!.userId;
  }

  /** The first stretch after `after` with someone on call (within 90 days), or null. */
  async nextAfter(schedule: ScheduleDefinition, roster: Roster, after: Date): Promise<TimelineSegment | null> {
    const segments = await this.timeline(schedule, roster, after, new Date(after.getTime() + NEXT_LOOKAHEAD_MS));
    return segments.find((segment) => segment.userId !== null && segment.start.getTime() > after.getTime()) ?? null;
  }
}
