import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { PG_POOL } from '../database/pg-pool';
import { OutboxRepository } from '../outbox';
import { UsersService } from '../users';
import type { IncidentStatus } from '../generated/prisma/enums';
import type { CreateIncidentDto } from './dto/create-incident.dto';
import { type EvidencePageDto } from './dto/evidence-log.dto';
import { toIncidentDto, type IncidentDetailDto, type IncidentPageDto } from './dto/incident.dto';
import type { ListIncidentsQueryDto } from './dto/list-incidents.query';
import { pageMeta, type PageQueryDto } from './dto/page.dto';
import { toTimelineEntryDto, type TimelineEntryDto, type TimelinePageDto } from './dto/timeline-entry.dto';
import type { UpdateIncidentDto } from './dto/update-incident.dto';
import { createdRange } from './created-range';
import { assertMayChange, type IncidentActor } from './incident-actor';
import { appendTimeline, incidentEvent, type TimelineEntryInput } from './incident-journal';
import type { IncidentRow } from './incident-row';
import { IncidentTransitions } from './incident-transitions';
import { IncidentsRepository, type IncidentChanges } from './incidents.repository';
import { inTransaction, type Queryable } from '../database/pg-transaction';

/**
 * The incident lifecycle as people drive it. Every change commits together with its timeline
 * entry and its outbox row. Exported for other features: `findOne` and `addTimelineEntry`.
 */
@Injectable()
export class IncidentsService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly repository: IncidentsRepository,
    private readonly transitions: IncidentTransitions,
    private readonly outbox: OutboxRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async create(by: IncidentActor, dto: CreateIncidentDto): Promise<IncidentDetailDto> {
    const { actor } = by;
    // A service-bound key opens incidents of its own service only (its service when none is named).
    const serviceId = dto.service_id ?? by.onlyService;
    if (by.onlyService !== null && serviceId !== by.onlyService) {
      throw new BadRequestException({
        message: `service_id: this API key is bound to service "${by.onlyService}"`,
        details: [{ field: 'service_id', errors: [`must be "${by.onlyService}" (the key's service) or left out`] }],
      });
    }
    const id = await inTransaction(this.pool, async (client) => {
      const now = this.clock.now();
      const row = await this.repository.insert(
        client,
        {
          id: randomUUID(),
          title: dto.title,
          description: dto.description ?? null,
          severity: dto.severity,
          service_id: serviceId ?? null,
          created_by: actor,
          source: 'manual',
        },
        now,
      );
      const after = {
        title: row.title,
        severity: row.severity,
        status: row.status,
        service_id: row.service_id,
        description: row.description,
      };
      await appendTimeline(client, row.id, { type: 'opened', actor, actorUserId: by.userId, after }, now);
      await this.outbox.append(client, incidentEvent('incident.opened', row, now, { actor }));
      return row.id;
    });
    return this.findOne(id);
  }

  async list(query: ListIncidentsQueryDto): Promise<IncidentPageDto> {
    const { from, to } = createdRange(query.from, query.to);
    const { rows, total } = await this.repository.list(
      { status: query.status, severity: query.severity, serviceId: query.service_id, from, to, silenced: query.silenced },
      query.sort,
      query,
    );
    return { data: rows.map(toIncidentDto), meta: pageMeta(total, query) };
  }

  /** The incident with its counts and the rule that opened it; 404 when unknown. */
  async findOne(id: string): Promise<IncidentDetailDto> {
    const row = await this.repository.findDetail(id);
    if (!row) throw this.notFound(id);
    return { ...toIncidentDto(row), timeline_count: row.timeline_count, silenced_by: row.silenced_by };
  }

  async timeline(id: string, page: PageQueryDto): Promise<TimelinePageDto> {
    await this.mustExist(id);
    const { rows, total } = await this.repository.timeline(id, page);
    return { data: rows.map(toTimelineEntryDto), meta: pageMeta(total, page) };
  }

  async evidence(id: string, page: PageQueryDto): Promise<EvidencePageDto> {
    await this.mustExist(id);
    const { rows, total } = await this.repository.evidence(id, page);
    return { data: rows, meta: pageMeta(total, page) };
  }

  async update(id: string, by: IncidentActor, dto: UpdateIncidentDto): Promise<IncidentDetailDto> {
    const given = (['title', 'severity', 'assignee_id', 'description', 'status'] as const).filter((field) => dto[field] !== undefined);
    if (given.length === 0) {
      throw new BadRequestException('Nothing to change: send at least one of title, severity, assignee_id, description, status');
    }
    if (dto.assignee_id && !(await this.isActiveUser(dto.assignee_id))) {
      throw new BadRequestException({
        message: `assignee_id: no active user with id ${dto.assignee_id}`,
        details: [{ field: 'assignee_id', errors: ['must be the id of an active user'] }],
      });
    }
    const { actor, userId } = by;
    await inTransaction(this.pool, async (client) => {
      const now = this.clock.now();
      let current = await this.lockOrNotFound(client, id, by);
      current = await this.applyFieldChanges(client, current, dto, actor, userId, now);
      if (dto.status !== undefined) {
        await this.transitions.apply(client, current, { to: dto.status, actor, actorUserId: userId }, now);
      }
    });
    return this.findOne(id);
  }

  async transition(
    id: string,
    by: IncidentActor,
    to: IncidentStatus,
    details: { resolution?: string; rootCause?: string } = {},
  ): Promise<IncidentDetailDto> {
    await inTransaction(this.pool, async (client) => {
      const current = await this.lockOrNotFound(client, id, by);
      await this.transitions.apply(
        client,
        current,
        { to, actor: by.actor, actorUserId: by.userId, resolution: details.resolution, rootCause: details.rootCause },
        this.clock.now(),
      );
    });
    return this.findOne(id);
  }

  async comment(id: string, by: IncidentActor, body: string): Promise<TimelineEntryDto> {
    const { actor } = by;
    return inTransaction(this.pool, async (client) => {
      const now = this.clock.now();
      // Locked so the outbox snapshot is consistent with concurrent changes; the row itself is unchanged.
      const incident = await this.lockOrNotFound(client, id, by);
      await appendTimeline(client, id, { type: 'comment', actor, actorUserId: by.userId, body }, now);
      await this.outbox.append(client, incidentEvent('incident.comment_added', incident, now, { actor, comment: body }));
      return toTimelineEntryDto(await this.repository.latestTimelineEntry(client, id));
    });
  }

  /**
   * For other features (analysis summaries, notification deliveries): one more entry in the
   * paper trail. No outbox row: such entries are not incident changes. 404 when unknown.
   */
  async addTimelineEntry(
    incidentId: string,
    entry: { type: string; actor: string; actorUserId?: string | null; body?: string | null; before?: unknown; after?: unknown },
  ): Promise<void> {
    await this.mustExist(incidentId);
    await appendTimeline(this.pool, incidentId, entry satisfies TimelineEntryInput, this.clock.now());
  }

  /**
   * For silences, inside the caller's transaction: locks the incident and writes what `decide`
   * makes of its status: a timeline entry and, with `renotify`, `incident.opened` again (the
   * held notification going out at last, with the incident as it is now). Null when the
   * incident no longer exists.
   */
  async recordForSilence(
    client: Queryable,
    incidentId: string,
    decide: (status: IncidentStatus) => { entry: TimelineEntryInput; renotify?: Record<string, unknown> },
  ): Promise<IncidentStatus | null> {
    const row = await this.repository.lock(client, incidentId);
    if (!row) return null;
    const now = this.clock.now();
    const status = row.status as IncidentStatus;
    const { entry, renotify } = decide(status);
    await appendTimeline(client, incidentId, entry, now);
    if (renotify) await this.outbox.append(client, incidentEvent('incident.opened', row, now, renotify));
    return status;
  }

  /** Title/description, severity and assignee: one UPDATE, one timeline entry and outbox row per kind of change. */
  private async applyFieldChanges(
    client: Queryable,
    current: IncidentRow,
    dto: UpdateIncidentDto,
    actor: string,
    userId: string | null,
    now: Date,
  ): Promise<IncidentRow> {
    const changes: IncidentChanges = {};
    if (dto.title !== undefined && dto.title !== current.title) changes.title = dto.title;
    if (dto.description !== undefined && dto.description !== current.description) changes.description = dto.description;
    if (dto.severity !== undefined && dto.severity !== current.severity) changes.severity = dto.severity;
    if (dto.assignee_id !== undefined && dto.assignee_id !== current.assignee_id) changes.assignee_id = dto.assignee_id;
    if (Object.keys(changes).length === 0) return current;

    const updated = await this.repository.update(client, current.id, changes, now);
    const groups = [
      { fields: ['title', 'description'] as const, timeline: 'updated', event: 'incident.updated' as const },
      { fields: ['severity'] as const, timeline: 'severity_changed', event: 'incident.severity_changed' as const },
      { fields: ['assignee_id'] as const, timeline: 'assigned', event: 'incident.assigned' as const },
    ];
    for (const group of groups) {
      const changed = group.fields.filter((field) => field in changes);
      if (changed.length === 0) continue;
      const before = Object.fromEntries(changed.map((field) => [field, current[field]]));
      const after = Object.fromEntries(changed.map((field) => [field, updated[field]]));
      await appendTimeline(client, current.id, { type: group.timeline, actor, actorUserId: userId, before, after }, now);
      await this.outbox.append(client, incidentEvent(group.event, updated, now, { actor, before, after }));
    }
    return updated;
  }

  private async isActiveUser(id: string): Promise<boolean> {
    try {
      return (await this.users.get(id)).active;
    } catch (error) {
      if (error instanceof NotFoundException) return false;
      throw error;
    }
  }

  /** The incident locked for a change by `by` (404 when unknown, 403 for another service's key). */
  private async lockOrNotFound(client: Queryable, id: string, by: IncidentActor): Promise<IncidentRow> {
    const row = await this.repository.lock(client, id);
    if (!row) throw this.notFound(id);
    assertMayChange(by, row);
    return row;
  }

  private async mustExist(id: string): Promise<void> {
    if (!(await this.repository.exists(id))) throw this.notFound(id);
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException(`Incident ${id} not found`);
  }
}
