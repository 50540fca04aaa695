import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { Queryable } from '../database/pg-transaction';
import type { EscalationState } from '../generated/prisma/enums';

export interface EscalationRow {
  incident_id: string;
  policy_id: string;
  state: EscalationState;
  round: number;
  step: number;
  due_at: Date | null;
  last_step: number | null;
  last_round: number | null;
  last_step_at: Date | null;
}

export interface EscalationView extends EscalationRow {
  policy_name: string;
  step_count: number;
  repeat_count: number;
}

export interface Advance {
  state: EscalationState;
  round: number;
  step: number;
  due_at: Date | null;
  last_step?: number;
  last_round?: number;
  last_step_at?: Date;
}

/**
 * The SQL of incident_escalations, the durable timers. Every time compared with `due_at` is
 * the app Clock's, passed in: the database's now() is never mixed in, so tests that move the
 * clock move the timers too.
 */
@Injectable()
export class IncidentEscalationsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** (Re)starts at step 1 of round 1, due at `at`. */
  async start(client: Queryable, incidentId: string, policyId: string, at: Date): Promise<void> {
    await client.query(
      `INSERT INTO incident_escalations (incident_id, policy_id, state, round, step, due_at, updated_at)
       VALUES ($1, $2, 'ESCALATING', 1, 1, $3, $3)
       ON CONFLICT (incident_id) DO UPDATE
         SET policy_id = EXCLUDED.policy_id, state = 'ESCALATING', round = 1, step = 1, due_at = EXCLUDED.due_at,
             last_step = NULL, last_round = NULL, last_step_at = NULL, updated_at = EXCLUDED.updated_at`,
      [incidentId, policyId, at],
    );
  }

  /** Paging stops; the ack timeout (when the policy has one) is the next thing due. */
  async acknowledge(client: Queryable, incidentId: string, at: Date): Promise<void> {
    await client.query(
      `UPDATE incident_escalations e
          SET state = 'ACKNOWLEDGED', updated_at = $2,
              due_at = CASE WHEN p.ack_timeout_minutes IS NULL THEN NULL ELSE $2::timestamptz + p.ack_timeout_minutes * interval '1 minute' END
         FROM escalation_policies p
        WHERE e.incident_id = $1 AND p.id = e.policy_id AND e.state IN ('ESCALATING', 'EXHAUSTED')`,
      [incidentId, at],
    );
  }

  async stop(client: Queryable, incidentId: string, at: Date): Promise<void> {
    await client.query(`UPDATE incident_escalations SET state = 'STOPPED', due_at = NULL, updated_at = $2 WHERE incident_id = $1`, [
      incidentId,
      at,
    ]);
  }

  async remove(client: Queryable, incidentId: string): Promise<void> {
    await client.query('DELETE FROM incident_escalations WHERE incident_id = $1', [incidentId]);
  }

  /**
   * Up to `limit` escalations whose step or ack timeout is due at `now`, locked; rows another
   * transaction (instance) holds are skipped, so each due step is taken by exactly one.
   */
  async claimDue(client: Queryable, now: Date, limit: number): Promise<EscalationRow[]> {
    const { rows } = await client.query<EscalationRow>(
      `SELECT incident_id, policy_id, state, round, step, due_at, last_step, last_round, last_step_at
         FROM incident_escalations
        WHERE due_at <= $1
        ORDER BY due_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows;
  }

  async advance(client: Queryable, incidentId: string, next: Advance, now: Date): Promise<void> {
    await client.query(
      `UPDATE incident_escalations
          SET state = $2, round = $3, step = $4, due_at = $5, updated_at = $6,
              last_step = COALESCE($7, last_step), last_round = COALESCE($8, last_round), last_step_at = COALESCE($9, last_step_at)
        WHERE incident_id = $1`,
      [
        incidentId,
        next.state,
        next.round,
        next.step,
        next.due_at,
        now,
        next.last_step ?? null,
        next.last_round ?? null,
        next.last_step_at ?? null,
      ],
    );
  }

  /** advance for many escalations in one UPDATE (a runner batch). */
  async advanceMany(client: Queryable, advances: Array<{ incidentId: string; next: Advance }>, now: Date): Promise<void> {
    if (advances.length === 0) return;
    const rows = advances.map(({ incidentId, next }) => ({
      incident_id: incidentId,
      state: next.state,
      round: next.round,
      step: next.step,
      due_at: next.due_at,
      last_step: next.last_step ?? null,
      last_round: next.last_round ?? null,
      last_step_at: next.last_step_at ?? null,
    }));
    await client.query(
      `UPDATE incident_escalations e
          SET state = r.state::"EscalationState", round = r.round, step = r.step, due_at = r.due_at, updated_at = $2,
              last_step = COALESCE(r.last_step, e.last_step), last_round = COALESCE(r.last_round, e.last_round),
              last_step_at = COALESCE(r.last_step_at, e.last_step_at)
         FROM jsonb_to_recordset($1::jsonb)
           AS r(incident_id uuid, state text, round int, step int, due_at timestamptz, last_step int, last_round int, last_step_at timestamptz)
        WHERE e.incident_id = r.incident_id`,
      [JSON.stringify(rows), now],
    );
  }

  async find(incidentId: string): Promise<EscalationView | undefined> {
    const { rows } = await this.pool.query<EscalationView>(
      `SELECT e.incident_id, e.policy_id, e.state, e.round, e.step, e.due_at, e.last_step, e.last_round, e.last_step_at,
              p.name AS policy_name, p.repeat_count,
              (SELECT count(*)::int FROM escalation_steps s WHERE s.policy_id = p.id) AS step_count
         FROM incident_escalations e JOIN escalation_policies p ON p.id = e.policy_id
        WHERE e.incident_id = $1`,
      [incidentId],
    );
    return rows[0];
  }
}
