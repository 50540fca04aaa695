import { AuditTrail } from '../audit';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '../common/clock';
import { invalidRequest } from '../common/validation';
import type { ScheduleDto, ScheduleSummaryDto } from './dto/schedule.response';
import type { CreateScheduleDto, UpdateScheduleDto } from './dto/schedule-input.dto';
import { OnCallService } from './on-call.service';
import { layerProblems, toLayerWrites } from './schedule-input-check';
import { ScheduleOverridesRepository } from './schedule-overrides.repository';
import { SchedulePresenter } from './schedule-presenter';
import { ScheduleRoster, type Roster } from './schedule-roster';
import { SchedulesRepository, type ScheduleDefinition } from './schedules.repository';

/** Overrides listed with a schedule: enough for a screen, bounded for a response. */
const LISTED_OVERRIDES = 100;

/** Schedules: their definition, and who is on call now and next. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly overrides: ScheduleOverridesRepository,
    private readonly onCall: OnCallService,
    private readonly roster: ScheduleRoster,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async create(input: CreateScheduleDto): Promise<ScheduleDto> {
    const roster = await this.roster.load();
    const problems = layerProblems(input.layers, roster);
    if (problems.length) throw invalidRequest(problems);
    const created = await this.schedules.create({
      name: input.name.trim(),
      description: input.description?.trim() || null,
      layers: toLayerWrites(input.layers),
    });
    const after = await this.detail(created, roster);
    await this.audit.record({ action: 'schedule.created', targetType: 'schedule', targetId: after.id, after: { ...after } });
    return after;
  }

  async update(id: string, input: UpdateScheduleDto): Promise<ScheduleDto> {
    if (input.name === undefined && input.description === undefined && input.layers === undefined) {
      throw new BadRequestException('Nothing to change: send name, description and/or layers');
    }
    const before = await this.get(id);
    const roster = await this.roster.load();
    const problems = input.layers ? layerProblems(input.layers, roster) : [];
    if (problems.length) throw invalidRequest(problems);
    const updated = await this.schedules.update(id, {
      name: input.name?.trim(),
      description: input.description === undefined ? undefined : input.description?.trim() || null,
      layers: input.layers ? toLayerWrites(input.layers) : undefined,
    });
    if (!updated) throw notFound(id);
    const after = await this.detail(updated, roster);
    await this.audit.record({
      action: 'schedule.updated',
      targetType: 'schedule',
      targetId: id,
      before: { ...before },
      after: { ...after },
    });
    return after;
  }

  async remove(id: string): Promise<void> {
    const before = await this.get(id);
    if (!(await this.schedules.delete(id))) throw notFound(id);
    await this.audit.record({ action: 'schedule.deleted', targetType: 'schedule', targetId: id, before: { ...before } });
  }

  async list(): Promise<ScheduleSummaryDto[]> {
    const [schedules, roster] = await Promise.all([this.schedules.list(), this.roster.load()]);
    const now = this.clock.now();
    const presenter = new SchedulePresenter(roster);
    return Promise.all(
      schedules.map(async (schedule) => {
        const current = await this.onCall.at(schedule, roster, now);
        return presenter.summary(schedule, current, await this.onCall.nextAfter(schedule, roster, now));
      }),
    );
  }

  async get(id: string): Promise<ScheduleDto> {
    const [schedule, roster] = await Promise.all([this.find(id), this.roster.load()]);
    return this.detail(schedule, roster);
  }

  /** The schedule, or 404. */
  async find(id: string): Promise<ScheduleDefinition> {
    const schedule = await this.schedules.findById(id);
    if (!schedule) throw notFound(id);
    return schedule;
  }

  private async detail(schedule: ScheduleDefinition, roster: Roster): Promise<ScheduleDto> {
    const now = this.clock.now();
    const [current, next, overrides] = await Promise.all([
      this.onCall.at(schedule, roster, now),
      this.onCall.nextAfter(schedule, roster, now),
      this.overrides.upcoming(schedule.id, now, LISTED_OVERRIDES),
    ]);
    return new SchedulePresenter(roster).detail(schedule, current, next, overrides);
  }
}

export const notFound = (id: string) => new NotFoundException(`Schedule ${id} not found`);
