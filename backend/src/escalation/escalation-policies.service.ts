import { AuditTrail } from '../audit';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { PG_POOL } from '../database/pg-pool';
import { inTransaction, type Queryable } from '../database/pg-transaction';
import type { CreateEscalationPolicyDto } from './dto/create-escalation-policy.dto';
import type { EscalationPolicyDto } from './dto/escalation-policy.dto';
import type { IncidentEscalationDto } from './dto/incident-escalation.dto';
import type { UpdateEscalationPolicyDto } from './dto/update-escalation-policy.dto';
import { EscalationPoliciesRepository, type PolicyRecord, type StepInput } from './escalation-policies.repository';
import { IncidentEscalationsRepository } from './incident-escalations.repository';
import { takenAlready, unknownReference } from './policy-write-errors';
import { StepTargets } from './step-targets';

const toDto = (record: PolicyRecord): EscalationPolicyDto => ({
  ...record,
  created_at: record.created_at.toISOString(),
  updated_at: record.updated_at.toISOString(),
});

/** Escalation policies as admins edit them, and an incident's escalation state as people read it. */
@Injectable()
export class EscalationPoliciesService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly repository: EscalationPoliciesRepository,
    private readonly escalations: IncidentEscalationsRepository,
    private readonly targets: StepTargets,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async list(): Promise<EscalationPolicyDto[]> {
    return (await this.repository.list()).map(toDto);
  }

  async get(id: string): Promise<EscalationPolicyDto> {
    const [record] = await this.repository.findMany(this.pool, [id]);
    if (!record) throw this.notFound(id);
    return toDto(record);
  }

  async create(dto: CreateEscalationPolicyDto): Promise<EscalationPolicyDto> {
    this.refuseSchedulesWithoutLookup(dto.steps);
    const id = randomUUID();
    await this.write(dto, async (client, now) => {
      await this.repository.insert(
        client,
        id,
        {
          name: dto.name,
          description: dto.description ?? null,
          repeat_count: dto.repeat_count ?? 0,
          ack_timeout_minutes: dto.ack_timeout_minutes ?? null,
          is_default: dto.is_default ?? false,
        },
        now,
      );
      await this.replaceLists(client, id, dto);
    });
    const after = await this.get(id);
    await this.audit.record({ action: 'escalation_policy.created', targetType: 'escalation_policy', targetId: id, after: { ...after } });
    return after;
  }

  async update(id: string, dto: UpdateEscalationPolicyDto): Promise<EscalationPolicyDto> {
    const { steps, rule_ids, service_ids, ...fields } = dto;
    if (Object.values(dto).every((value) => value === undefined)) {
      throw new BadRequestException('Nothing to change: send at least one field of the policy');
    }
    if (steps) this.refuseSchedulesWithoutLookup(steps);
    const before = await this.get(id);
    await this.write(dto, async (client, now) => {
      if (!(await this.repository.lock(client, id))) throw this.notFound(id);
      await this.repository.update(client, id, fields, now);
      await this.replaceLists(client, id, { steps, rule_ids, service_ids });
    });
    const after = await this.get(id);
    await this.audit.record({
      action: 'escalation_policy.updated',
      targetType: 'escalation_policy',
      targetId: id,
      before: { ...before },
      after: { ...after },
    });
    return after;
  }

  async delete(id: string): Promise<void> {
    const before = await this.get(id);
    if (!(await this.repository.delete(id))) throw this.notFound(id);
    await this.audit.record({ action: 'escalation_policy.deleted', targetType: 'escalation_policy', targetId: id, before: { ...before } });
  }

  async incidentEscalation(incidentId: string): Promise<IncidentEscalationDto> {
    const row = await this.escalations.find(incidentId);
    const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
    return {
      incident_id: incidentId,
      state: row?.state ?? 'NONE',
      policy_id: row?.policy_id ?? null,
      policy_name: row?.policy_name ?? null,
      step_count: row?.step_count ?? 0,
      round_count: row ? row.repeat_count + 1 : 0,
      current_step: row?.last_step ?? null,
      current_round: row?.last_round ?? null,
      current_step_at: iso(row?.last_step_at),
      next_step: row?.state === 'ESCALATING' ? row.step : null,
      next_step_at: iso(row?.due_at),
    };
  }

  private async replaceLists(client: Queryable, id: string, lists: Pick<UpdateEscalationPolicyDto, 'steps' | 'rule_ids' | 'service_ids'>) {
    if (lists.steps) await this.repository.replaceSteps(client, id, lists.steps);
    if (lists.rule_ids) await this.repository.replaceRules(client, id, lists.rule_ids);
    if (lists.service_ids) await this.repository.replaceServices(client, id, lists.service_ids);
  }

  /** One transaction; a database refusal becomes a 400 (unknown id) or 409 (taken) naming the field. */
  private async write(dto: UpdateEscalationPolicyDto, work: (client: Queryable, now: Date) => Promise<void>): Promise<void> {
    try {
      await inTransaction(this.pool, (client) => work(client, this.clock.now()));
    } catch (error) {
      throw (
        unknownReference(error, dto) ??
        (await takenAlready(error, (what, key) => this.repository.holderName(this.pool, what, key))) ??
        error
      );
    }
  }

  private refuseSchedulesWithoutLookup(steps: StepInput[]): void {
    if (this.targets.canResolveSchedules) return;
    const fields = steps.flatMap((step, i) =>
      step.targets.flatMap((target, j) => (target.type === 'SCHEDULE' ? [`steps[${i}].targets[${j}].type`] : [])),
    );
    if (fields.length === 0) return;
    const problem = 'SCHEDULE targets need on-call schedules, which this server does not have';
    throw new BadRequestException({ message: `${fields[0]}: ${problem}`, details: fields.map((field) => ({ field, errors: [problem] })) });
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException(`Escalation policy ${id} not found`);
  }
}
