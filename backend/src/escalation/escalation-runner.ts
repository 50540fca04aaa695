import { AppMetrics } from '../metrics';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';
import { inTransaction, type Queryable } from '../database/pg-transaction';
import {
  appendTimelines,
  IncidentsRepository,
  IncidentTransitions,
  incidentEvent,
  type IncidentRow,
  type TimelineEntryInput,
} from '../incidents';
import { OutboxRepository, type IncidentEventPayload } from '../outbox';
import { ESCALATION_HOLD, HOLD_RECHECK_MS, type EscalationHoldPort } from './escalation-hold.port';
import { afterStep, stepToTake, type PolicyShape } from './escalation-plan';
import { EscalationPoliciesRepository, type PolicyRecord } from './escalation-policies.repository';
import { IncidentEscalationsRepository, type Advance, type EscalationRow } from './incident-escalations.repository';
import { pageSummary, StepTargets } from './step-targets';

export const ESCALATION_ACTOR = 'system:escalation';

/** A due step of an OPEN incident, with what taking it needs. */
interface Due {
  row: EscalationRow;
  incident: IncidentRow;
  policy: PolicyRecord;
}

/**
 * Takes the escalation steps (and acknowledgement timeouts) that have come due. A batch is one
 * transaction: the due rows are claimed FOR UPDATE SKIP LOCKED, and each step's outbox event
 * (`incident.escalated`), timeline entry and advanced timer commit together, so across
 * instances and restarts every step is taken exactly once.
 */
@Injectable()
export class EscalationRunner {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly escalations: IncidentEscalationsRepository,
    private readonly policies: EscalationPoliciesRepository,
    private readonly incidents: IncidentsRepository,
    private readonly transitions: IncidentTransitions,
    private readonly outbox: OutboxRepository,
    private readonly targets: StepTargets,
    private readonly metrics: AppMetrics,
    @Optional() @Inject(ESCALATION_HOLD) private readonly hold?: EscalationHoldPort,
  ) {}

  /** Everything due now, batch after batch; returns the number of escalations moved. */
  async runDue(): Promise<number> {
    let moved = 0;
    for (;;) {
      const batch = await this.runBatch();
      moved += batch.moved;
      // Again at once when the batch was full, or when an ack timeout restarted an escalation
      // (its step 1 is due now); stop when nothing could be moved (all busy: next tick).
      const full = batch.claimed === this.config.escalation.batchSize && batch.moved > 0;
      if (!full && batch.restarted === 0) return moved;
    }
  }

  private async runBatch(): Promise<{ claimed: number; moved: number; restarted: number }> {
    const now = this.clock.now();
    return inTransaction(this.pool, async (client) => {
      const due = await this.escalations.claimDue(client, now, this.config.escalation.batchSize);
      if (due.length === 0) return { claimed: 0, moved: 0, restarted: 0 };
      // An incident someone is changing right now is skipped, never waited for: that change
      // waits for our lock on its escalation row, so waiting here could deadlock.
      const incidents = new Map(
        (
          await this.incidents.lockAvailable(
            client,
            due.map((row) => row.incident_id),
          )
        ).map((row) => [row.id, row]),
      );
      const policyIds = [...new Set(due.map((row) => row.policy_id))];
      const policies = new Map((await this.policies.findMany(client, policyIds)).map((policy) => [policy.id, policy]));
      let moved = 0;
      let restarted = 0;
      const toPage: Due[] = [];
      for (const row of due) {
        const incident = incidents.get(row.incident_id);
        const policy = policies.get(row.policy_id);
        if (!incident || !policy) continue;
        moved++;
        if (row.state === 'ACKNOWLEDGED') {
          if (await this.ackTimedOut(client, row, incident, policy, now)) restarted++;
        } else if (incident.status !== 'OPEN') {
          // Cannot normally happen (acknowledge/resolve move the timer in their transaction): settle it.
          const state = incident.status === 'ACKNOWLEDGED' ? 'ACKNOWLEDGED' : 'STOPPED';
          await this.escalations.advance(client, row.incident_id, { state, round: row.round, step: row.step, due_at: null }, now);
        } else toPage.push({ row, incident, policy });
      }
      await this.pageAll(client, toPage, now);
      return { claimed: due.length, moved, restarted };
    });
  }

  /**
   * Takes the due steps of OPEN incidents: held ones wait (asked again HOLD_RECHECK_MS later),
   * the others page. Set-based: the hold check, the outbox events, the timeline entries and the
   * timers are one statement each for the whole batch. Under load a round trip costs far more
   * than the row it writes: four per page made a batch of 100 take 1.5 s while ingest ran.
   */
  private async pageAll(client: Queryable, due: Due[], now: Date): Promise<void> {
    if (due.length === 0) return;
    const held = this.hold
      ? await this.hold.heldAmong(
          client,
          due.map(({ incident }) => incident),
          now,
        )
      : new Map<string, string>();
    const resolve = this.targets.at(now);
    const events: IncidentEventPayload[] = [];
    const entries: Array<{ incidentId: string; entry: TimelineEntryInput }> = [];
    const advances: Array<{ incidentId: string; next: Advance }> = [];
    for (const { row, incident, policy } of due) {
      if (held.has(incident.id)) {
        const due_at = new Date(now.getTime() + HOLD_RECHECK_MS);
        advances.push({ incidentId: incident.id, next: { state: 'ESCALATING', round: row.round, step: row.step, due_at } });
        continue;
      }
      const shape: PolicyShape = { waits: policy.steps.map((step) => step.wait_minutes), repeatCount: policy.repeat_count };
      const step = stepToTake(shape, row.step);
      const resolved = await resolve(policy.steps[step - 1]!.targets);
      const data = { policy_id: policy.id, step, round: row.round, user_ids: resolved.userIds, channel_ids: resolved.channelIds };
      events.push(incidentEvent('incident.escalated', incident, now, data));
      entries.push({
        incidentId: incident.id,
        entry: {
          type: 'escalated',
          actor: ESCALATION_ACTOR,
          body: pageSummary(step, row.round, policy.name, resolved),
          after: { ...data, policy_name: policy.name, schedules_without_on_call: resolved.unstaffedScheduleIds },
        },
      });
      const next = afterStep(shape, { round: row.round, step }, now);
      const taken = { last_step: step, last_round: row.round, last_step_at: now };
      advances.push({
        incidentId: incident.id,
        next: next
          ? { state: 'ESCALATING', round: next.round, step: next.step, due_at: next.dueAt, ...taken }
          : { state: 'EXHAUSTED', round: row.round, step, due_at: null, ...taken },
      });
    }
    await this.outbox.appendMany(client, events);
    await appendTimelines(client, entries, now);
    await this.escalations.advanceMany(client, advances, now);
    for (let i = 0; i < events.length; i++) this.metrics.recordEscalationStep();
  }

  /** PagerDuty's behaviour: still unresolved after the ack timeout, the incident is OPEN again and escalates from step 1. */
  private async ackTimedOut(
    client: Queryable,
    row: EscalationRow,
    incident: IncidentRow,
    policy: PolicyRecord,
    now: Date,
  ): Promise<boolean> {
    if (incident.status !== 'ACKNOWLEDGED') {
      await this.escalations.advance(client, row.incident_id, { state: 'STOPPED', round: row.round, step: row.step, due_at: null }, now);
      return false;
    }
    // The reopening appends `incident.reopened`, whose observer restarts the escalation at step 1, due now.
    await this.transitions.apply(
      client,
      incident,
      {
        to: 'OPEN',
        actor: ESCALATION_ACTOR,
        actorUserId: null,
        ackTimedOut: true,
        timelineType: 'ack_timed_out',
        body: `Still unresolved ${policy.ack_timeout_minutes} min after acknowledgement: open again and escalating (${policy.name})`,
      },
      now,
    );
    return true;
  }
}
