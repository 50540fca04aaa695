import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { Queryable } from '../database/pg-transaction';
import type { EscalationTargetKind } from '../generated/prisma/enums';

export interface StepInput {
  wait_minutes: number;
  targets: Array<{ type: EscalationTargetKind; id: string }>;
}

export interface PolicyFields {
  name: string;
  description: string | null;
  repeat_count: number;
  ack_timeout_minutes: number | null;
  is_default: boolean;
}

/** A policy as stored, steps and attachments included. */
export interface PolicyRecord extends PolicyFields {
  id: string;
  steps: StepInput[];
  rule_ids: string[];
  service_ids: string[];
  created_at: Date;
  updated_at: Date;
}

const POLICY_SELECT = `
  SELECT p.id, p.name, p.description, p.repeat_count, p.ack_timeout_minutes, p.is_default, p.created_at, p.updated_at,
         COALESCE((SELECT json_agg(json_build_object('wait_minutes', s.wait_minutes, 'targets',
                     (SELECT json_agg(json_build_object('type', t.kind, 'id', COALESCE(t.user_id, t.schedule_id, t.channel_id)) ORDER BY t.position)
                        FROM escalation_step_targets t WHERE t.step_id = s.id)) ORDER BY s.position)
                     FROM escalation_steps s WHERE s.policy_id = p.id), '[]'::json) AS steps,
         ARRAY(SELECT r.rule_id::text FROM escalation_policy_rules r WHERE r.policy_id = p.id ORDER BY r.rule_id) AS rule_ids,
         ARRAY(SELECT v.service_id::text FROM escalation_policy_services v WHERE v.policy_id = p.id ORDER BY v.service_id) AS service_ids
    FROM escalation_policies p`;

/** The SQL of escalation_policies and the tables hanging off it (steps, targets, attachments). */
@Injectable()
export class EscalationPoliciesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(): Promise<PolicyRecord[]> {
    return (await this.pool.query<PolicyRecord>(`${POLICY_SELECT} ORDER BY p.name`)).rows;
  }

  /** One policy, or several at once (the scheduler loads the plans of a batch in one query). */
  async findMany(client: Queryable, ids: string[]): Promise<PolicyRecord[]> {
    return (await client.query<PolicyRecord>(`${POLICY_SELECT} WHERE p.id = ANY ($1::uuid[])`, [ids])).rows;
  }

  async insert(client: Queryable, id: string, fields: PolicyFields, now: Date): Promise<void> {
    await client.query(
      `INSERT INTO escalation_policies (id, name, description, repeat_count, ack_timeout_minutes, is_default, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [id, fields.name, fields.description, fields.repeat_count, fields.ack_timeout_minutes, fields.is_default, now],
    );
  }

  /** Locks the policy row so that concurrent edits of one policy take turns; false when unknown. */
  async lock(client: Queryable, id: string): Promise<boolean> {
    return (await client.query('SELECT 1 FROM escalation_policies WHERE id = $1 FOR UPDATE', [id])).rowCount === 1;
  }

  async update(client: Queryable, id: string, fields: Partial<PolicyFields>, now: Date): Promise<void> {
    const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
    const assignments = entries.map(([column], index) => `${column} = $${index + 3}`);
    await client.query(`UPDATE escalation_policies SET ${[...assignments, 'updated_at = $2'].join(', ')} WHERE id = $1`, [
      id,
      now,
      ...entries.map(([, value]) => value),
    ]);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.pool.query('DELETE FROM escalation_policies WHERE id = $1', [id])).rowCount === 1;
  }

  async replaceSteps(client: Queryable, policyId: string, steps: StepInput[]): Promise<void> {
    await client.query('DELETE FROM escalation_steps WHERE policy_id = $1', [policyId]);
    for (const [index, step] of steps.entries()) {
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO escalation_steps (id, policy_id, position, wait_minutes) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id',
        [policyId, index + 1, step.wait_minutes],
      );
      await client.query(
        `INSERT INTO escalation_step_targets (id, step_id, position, kind, user_id, schedule_id, channel_id)
         SELECT gen_random_uuid(), $1, t.position, t.kind::"EscalationTargetKind",
                CASE WHEN t.kind = 'USER' THEN t.target END, CASE WHEN t.kind = 'SCHEDULE' THEN t.target END,
                CASE WHEN t.kind = 'CHANNEL' THEN t.target END
           FROM unnest($2::text[], $3::uuid[]) WITH ORDINALITY AS t(kind, target, position)`,
        [rows[0]!.id, step.targets.map((target) => target.type), step.targets.map((target) => target.id)],
      );
    }
  }

  async replaceRules(client: Queryable, policyId: string, ruleIds: string[]): Promise<void> {
    await client.query('DELETE FROM escalation_policy_rules WHERE policy_id = $1', [policyId]);
    await client.query('INSERT INTO escalation_policy_rules (rule_id, policy_id) SELECT unnest($2::uuid[]), $1', [policyId, ruleIds]);
  }

  async replaceServices(client: Queryable, policyId: string, serviceIds: string[]): Promise<void> {
    await client.query('DELETE FROM escalation_policy_services WHERE policy_id = $1', [policyId]);
    await client.query('INSERT INTO escalation_policy_services (service_id, policy_id) SELECT unnest($2::text[]), $1', [
      policyId,
      serviceIds,
    ]);
  }

  /** The name of the policy holding a rule, a service or the default (for a 409 that says who). */
  async holderName(client: Queryable, what: 'rule' | 'service' | 'default', key?: string): Promise<string | undefined> {
    const sql = {
      rule: 'SELECT p.name FROM escalation_policy_rules a JOIN escalation_policies p ON p.id = a.policy_id WHERE a.rule_id = $1::uuid',
      service: 'SELECT p.name FROM escalation_policy_services a JOIN escalation_policies p ON p.id = a.policy_id WHERE a.service_id = $1',
      default: 'SELECT name FROM escalation_policies WHERE is_default AND $1::text IS NULL',
    }[what];
    return (await client.query<{ name: string }>(sql, [key ?? null])).rows[0]?.name;
  }

  /**
   * The policy of an incident: its rule's, else its service's, else the default one; undefined
   * when none applies (the incident is then not escalated).
   */
  async policyFor(client: Queryable, ruleId: string | null, serviceId: string | null): Promise<string | undefined> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT COALESCE((SELECT policy_id FROM escalation_policy_rules WHERE rule_id = $1::uuid),
                       (SELECT policy_id FROM escalation_policy_services WHERE service_id = $2::text),
                       (SELECT id FROM escalation_policies WHERE is_default)) AS id`,
      [ruleId, serviceId],
    );
    return rows[0]?.id ?? undefined;
  }
}
