import type { OnCallDto, OverrideDto, ScheduleDto, ScheduleSummaryDto, ScheduleUserDto, ShiftDto } from './dto/schedule.response';
import type { OnCallAnswer } from './on-call.service';
import type { TimelineSegment } from './on-call-timeline';
import type { OverrideRecord } from './schedule-overrides.repository';
import type { Roster } from './schedule-roster';
import type { ScheduleDefinition } from './schedules.repository';

/** Turns stored records and computed answers into the API's shapes (ids resolved to people). */
export class SchedulePresenter {
  constructor(private readonly roster: Roster) {}

  user(id: string): ScheduleUserDto {
    const known = this.roster.get(id);
    // A user row cannot vanish under a schedule (ON DELETE CASCADE); this only covers a race.
    return known ? { id, email: known.email, active: known.active } : { id, email: '', active: false };
  }

  onCall(answer: OnCallAnswer): OnCallDto {
    return { user: answer.userId ? this.user(answer.userId) : null, until: answer.until?.toISOString() ?? null };
  }

  shift(segment: TimelineSegment): ShiftDto {
    return { user: this.user(segment.userId!), starts_at: segment.start.toISOString(), ends_at: segment.end.toISOString() };
  }

  override(record: OverrideRecord): OverrideDto {
    return {
      id: record.id,
      user: this.user(record.userId),
      starts_at: record.startsAt.toISOString(),
      ends_at: record.endsAt.toISOString(),
      created_at: record.createdAt.toISOString(),
    };
  }

  summary(schedule: ScheduleDefinition, now: OnCallAnswer, next: TimelineSegment | null): ScheduleSummaryDto {
    return {
      id: schedule.id,
      name: schedule.name,
      description: schedule.description,
      on_call_now: this.onCall(now),
      next: next ? this.shift(next) : null,
      created_at: schedule.createdAt.toISOString(),
      updated_at: schedule.updatedAt.toISOString(),
    };
  }

  detail(schedule: ScheduleDefinition, now: OnCallAnswer, next: TimelineSegment | null, overrides: OverrideRecord[]): ScheduleDto {
    return {
      ...this.summary(schedule, now, next),
      layers: schedule.layers.map((layer) => ({
        id: layer.id,
        name: layer.name,
        position: layer.position,
        rotation: layer.rotation,
        rotation_hours: layer.rotationHours,
        handoff_time: layer.handoffTime,
        time_zone: layer.timeZone,
        start_date: layer.startDate,
        participants: layer.participantIds.map((id) => this.user(id)),
      })),
      overrides: overrides.map((record) => this.override(record)),
    };
  }
}
