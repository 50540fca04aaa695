import { Injectable } from '@nestjs/common';
import { OnCallService } from './on-call.service';
import { ScheduleRoster } from './schedule-roster';
import { SchedulesRepository } from './schedules.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For other features (escalation): who is on call in a schedule at an instant. */
@Injectable()
export class OnCallLookup {
  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly onCall: OnCallService,
    private readonly roster: ScheduleRoster,
  ) {}

  /** Null when nobody is on call then, or when there is no such schedule (any more). */
  async onCallUserId(scheduleId: string, at: Date): Promise<string | null> {
    if (!UUID.test(scheduleId)) return null;
    const schedule = await this.schedules.findById(scheduleId);
    if (!schedule) return null;
    return this.onCall.userIdAt(schedule, await this.roster.load(), at);
  }
}
