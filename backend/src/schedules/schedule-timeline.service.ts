import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { invalidRequest } from '../common/validation';
import type { OnCallDto, ShiftDto } from './dto/schedule.response';
import { OnCallService } from './on-call.service';
import { SchedulePresenter } from './schedule-presenter';
import { ScheduleRoster } from './schedule-roster';
import { SchedulesService } from './schedules.service';

const DAY_MS = 86_400_000;
/** Widest `shifts` window: a quarter keeps the work bounded (an hourly layer: ~2,200 turns). */
export const MAX_SHIFTS_DAYS = 90;
const DEFAULT_SHIFTS_DAYS = 14;

/** The questions asked of a schedule's final timeline over HTTP. */
@Injectable()
export class ScheduleTimelineService {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly onCall: OnCallService,
    private readonly roster: ScheduleRoster,
    private readonly clock: Clock,
  ) {}

  async onCallAt(scheduleId: string, at?: string): Promise<OnCallDto> {
    const [schedule, roster] = await Promise.all([this.schedules.find(scheduleId), this.roster.load()]);
    const answer = await this.onCall.at(schedule, roster, at ? new Date(at) : this.clock.now());
    return new SchedulePresenter(roster).onCall(answer);
  }

  /** Who is on call over [from, to), clipped to it; stretches with nobody are left out. */
  async shifts(scheduleId: string, fromText?: string, toText?: string): Promise<ShiftDto[]> {
    const from = fromText ? new Date(fromText) : this.clock.now();
    const to = toText ? new Date(toText) : new Date(from.getTime() + DEFAULT_SHIFTS_DAYS * DAY_MS);
    if (to.getTime() <= from.getTime()) throw invalidRequest([{ field: 'to', errors: ['to must be after from'] }]);
    if (to.getTime() - from.getTime() > MAX_SHIFTS_DAYS * DAY_MS) {
      throw invalidRequest([{ field: 'to', errors: [`to must be at most ${MAX_SHIFTS_DAYS} days after from`] }]);
    }
    const [schedule, roster] = await Promise.all([this.schedules.find(scheduleId), this.roster.load()]);
    const presenter = new SchedulePresenter(roster);
    return (await this.onCall.timeline(schedule, roster, from, to)).filter((s) => s.userId !== null).map((s) => presenter.shift(s));
  }
}
