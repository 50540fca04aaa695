import { AuditTrail } from '../audit';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { AuthenticatedUser } from '../common/auth/auth.types';
import { Clock } from '../common/clock';
import { invalidRequest } from '../common/validation';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';
import { inTransaction, type Queryable } from '../database/pg-transaction';
import { IncidentsService } from '../incidents';
import type { CreateSilenceDto } from './dto/create-silence.dto';
import type { ListSilencesQueryDto } from './dto/list-silences.query';
import { toSilenceDto } from './dto/silence-view';
import type { SilenceDto } from './dto/silence.dto';
import { serviceGlobToRegex } from './service-glob';
import { expandRecurrence, RecurrenceError, type Recurrence, type Window } from './silence-windows';
import { SilencesRepository } from './silences.repository';
import { isIanaZone } from './zoned-time';

/** Most silences one list returns (newest first): a list is for people, not an export. */
const LIST_LIMIT = 500;
const DAY_MS = 86_400_000;

const refuse = (field: string, message: string) => invalidRequest([{ field, errors: [message] }]);

/**
 * Silences as people drive them: create (windows expanded once, bounded), list, expire early.
 * Also C3 for other features: `heldAmong(client, incidents, at)`.
 */
@Injectable()
export class SilencesService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: SilencesRepository,
    private readonly incidents: IncidentsService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async create(user: AuthenticatedUser, dto: CreateSilenceDto): Promise<SilenceDto> {
    const startsAt = new Date(dto.starts_at);
    const endsAt = new Date(dto.ends_at);
    if (endsAt <= startsAt) throw refuse('ends_at', 'ends_at must be after starts_at');
    const maxDays = this.config.silences.maxDays;
    if (endsAt.getTime() - startsAt.getTime() > maxDays * DAY_MS) {
      throw refuse('ends_at', `ends_at must be at most ${maxDays} days after starts_at (SILENCE_MAX_DAYS)`);
    }
    if (endsAt <= this.clock.now()) throw refuse('ends_at', 'ends_at must be in the future');
    const recurrence = dto.recurrence ? this.recurrenceOf(dto.recurrence) : null;
    const windows = recurrence ? this.expand(recurrence, startsAt, endsAt) : [{ startsAt, endsAt }];
    if (!windows.length) throw refuse('recurrence', 'recurrence has no occurrence between starts_at and ends_at');
    const id = randomUUID();
    const { service_id: servicePattern, rule_id: ruleId, min_severity: minSeverity, title_contains: titleContains } = dto.matchers;
    await inTransaction(this.pool, (client) =>
      this.repository.insert(
        client,
        {
          id,
          servicePattern: servicePattern ?? null,
          serviceRegex: servicePattern ? serviceGlobToRegex(servicePattern) : null,
          ruleId: ruleId ?? null,
          minSeverity: minSeverity ?? null,
          titleContains: titleContains ?? null,
          startsAt,
          endsAt,
          comment: dto.comment,
          createdById: user.id,
          recurrence,
        },
        windows,
      ),
    );
    const created = await this.findOne(id);
    await this.audit.record({ action: 'silence.created', targetType: 'silence', targetId: id, after: { ...created } });
    return created;
  }

  async list(query: ListSilencesQueryDto): Promise<SilenceDto[]> {
    const at = this.clock.now();
    const rows = await this.repository.list(at, query.state, LIST_LIMIT);
    const windows = await this.repository.upcomingWindows(
      rows.map((row) => row.id),
      at,
    );
    return rows.map((row) => toSilenceDto(row, windows.get(row.id) ?? []));
  }

  async findOne(id: string): Promise<SilenceDto> {
    const at = this.clock.now();
    const row = await this.repository.find(id, at);
    if (!row) throw new NotFoundException(`Silence ${id} not found`);
    const windows = await this.repository.upcomingWindows([id], at);
    return toSilenceDto(row, windows.get(id) ?? []);
  }

  /**
   * Ends the silence now (the open window is cut, later ones removed); held incidents are
   * released by the next scheduler round. Expiring an expired silence changes nothing.
   */
  async expire(id: string, user: AuthenticatedUser): Promise<SilenceDto> {
    const before = await this.findOne(id);
    const at = this.clock.now();
    await inTransaction(this.pool, async (client) => {
      if (!(await this.repository.lock(client, id))) throw new NotFoundException(`Silence ${id} not found`);
      const row = await this.repository.find(id, at, client);
      if (row && row.state !== 'expired') await this.repository.expire(client, id, user.id, at);
    });
    const after = await this.findOne(id);
    if (before.state !== after.state) {
      await this.audit.record({
        action: 'silence.expired',
        targetType: 'silence',
        targetId: id,
        before: { ...before },
        after: { ...after },
      });
    }
    return after;
  }

  /**
   * Which of these incidents have their paging held at `at`, and by which silence (escalation
   * asks for its whole batch of due steps at once, passing the facts it already holds, on its
   * own transaction). A held answer is recorded as a hold (like a held event), so the incident
   * is notified when the silence ends. Returns incident id -> silence id, for the held ones.
   */
  heldAmong(
    client: Queryable,
    incidents: Array<{ id: string; service_id: string | null; rule_id: string | null; severity: string; title: string }>,
    at: Date,
  ): Promise<Map<string, string>> {
    const facts = incidents.map(({ id, service_id, rule_id, severity, title }) => ({ id, service_id, rule_id, severity, title }));
    return facts.length === 0 ? Promise.resolve(new Map()) : this.repository.holdingSilences(client, facts, at);
  }

  private recurrenceOf(dto: NonNullable<CreateSilenceDto['recurrence']>): Recurrence {
    if (!isIanaZone(dto.time_zone))
      throw refuse('recurrence.time_zone', 'recurrence.time_zone must be an IANA time zone such as Europe/Berlin');
    if ((dto.rrule === undefined) === (dto.weekdays === undefined)) {
      throw refuse('recurrence', 'recurrence needs exactly one of rrule or weekdays');
    }
    const rrule = dto.rrule ?? `FREQ=WEEKLY;BYDAY=${[...new Set(dto.weekdays)].join(',')}`;
    return { rrule, startTime: dto.start_time, durationMinutes: dto.duration_minutes, timeZone: dto.time_zone };
  }

  private expand(recurrence: Recurrence, startsAt: Date, endsAt: Date): Window[] {
    try {
      return expandRecurrence(recurrence, startsAt, endsAt);
    } catch (error) {
      if (error instanceof RecurrenceError) throw refuse(error.field, error.message);
      throw error;
    }
  }
}
