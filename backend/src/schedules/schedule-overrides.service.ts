import { AuditTrail } from '../audit';
import { Injectable, NotFoundException } from '@nestjs/common';
import { invalidRequest } from '../common/validation';
import type { CreateOverrideDto } from './dto/override-input.dto';
import type { OverrideDto } from './dto/schedule.response';
import { participantProblem } from './schedule-input-check';
import { ScheduleOverridesRepository } from './schedule-overrides.repository';
import { SchedulePresenter } from './schedule-presenter';
import { ScheduleRoster } from './schedule-roster';
import { SchedulesService } from './schedules.service';

/** Longest override: a quarter, the same bound as a `shifts` window. */
const MAX_OVERRIDE_DAYS = 90;

@Injectable()
export class ScheduleOverridesService {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly overrides: ScheduleOverridesRepository,
    private readonly roster: ScheduleRoster,
    private readonly audit: AuditTrail,
  ) {}

  async add(scheduleId: string, input: CreateOverrideDto): Promise<OverrideDto> {
    const startsAt = new Date(input.starts_at);
    const endsAt = new Date(input.ends_at);
    const roster = await this.roster.load();
    const problems = [];
    const userProblem = participantProblem(roster, input.user_id);
    if (userProblem) problems.push({ field: 'user_id', errors: [`user_id must name an active user: ${userProblem}`] });
    if (endsAt.getTime() <= startsAt.getTime()) problems.push({ field: 'ends_at', errors: ['ends_at must be after starts_at'] });
    else if (endsAt.getTime() - startsAt.getTime() > MAX_OVERRIDE_DAYS * 86_400_000) {
      problems.push({ field: 'ends_at', errors: [`ends_at must be at most ${MAX_OVERRIDE_DAYS} days after starts_at`] });
    }
    if (problems.length) throw invalidRequest(problems);
    await this.schedules.find(scheduleId);
    const record = await this.overrides.create({ scheduleId, userId: input.user_id, startsAt, endsAt });
    const after = new SchedulePresenter(roster).override(record);
    await this.audit.record({ action: 'schedule.override_added', targetType: 'schedule', targetId: scheduleId, after: { ...after } });
    return after;
  }

  async remove(scheduleId: string, overrideId: string): Promise<void> {
    if (!(await this.overrides.delete(scheduleId, overrideId))) {
      throw new NotFoundException(`Override ${overrideId} not found in schedule ${scheduleId}`);
    }
    await this.audit.record({
      action: 'schedule.override_removed',
      targetType: 'schedule',
      targetId: scheduleId,
      before: { override_id: overrideId },
    });
  }
}
