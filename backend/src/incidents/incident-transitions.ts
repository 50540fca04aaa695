import { ConflictException, Injectable } from '@nestjs/common';
import type { IncidentStatus } from '../generated/prisma/enums';
import { appendTimeline, incidentEvent } from './incident-journal';
import type { IncidentRow } from './incident-row';
import { IncidentsRepository, type IncidentChanges } from './incidents.repository';
import { type Queryable } from '../database/pg-transaction';
import { isUniqueViolation } from '../database/unique-violation';
import { OutboxRepository } from '../outbox';
import { checkTransition, statusChangeEvent } from './state-machine';

export const OPEN_FINGERPRINT_INDEX = 'incidents_open_fingerprint_key';

export interface TransitionRequest {
  to: IncidentStatus;
  actor: string;
  actorUserId: string | null;
  resolution?: string | null;
  rootCause?: string | null;
  /** Timeline entry type when it is not the plain one (e.g. `auto_resolved`). */
  timelineType?: string;
  body?: string | null;
  /**
   * Escalation's acknowledgement timeout: an ACKNOWLEDGED incident goes back to OPEN. Not a
   * move people can make (the state machine refuses it), only the escalation scheduler.
   */
  ackTimedOut?: boolean;
}

/**
 * Moves an incident through the state machine, with its timeline entry and outbox row, inside
 * the caller's transaction. People (actions, PATCH) and detection (auto-resolve) share it.
 */
@Injectable()
export class IncidentTransitions {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async apply(client: Queryable, current: IncidentRow, request: TransitionRequest, now: Date): Promise<IncidentRow> {
    const ackTimeout = request.ackTimedOut === true && current.status === 'ACKNOWLEDGED' && request.to === 'OPEN';
    const check = ackTimeout ? ({ allowed: true } as const) : checkTransition(current.status, request.to);
    if (!check.allowed) throw new ConflictException(check.reason);

    const changes: IncidentChanges = { status: request.to };
    if (request.to === 'ACKNOWLEDGED') {
      // MTTA measures the first response: a second acknowledgement (after a reopen) keeps it.
      changes.acknowledged_at = current.acknowledged_at ?? now;
    } else if (request.to === 'RESOLVED') {
      changes.resolved_at = now;
      if (request.resolution !== undefined) changes.resolution = request.resolution;
      if (request.rootCause !== undefined) changes.root_cause = request.rootCause;
    } else {
      // Reopened: the old resolution no longer holds (the timeline keeps it in `before`).
      Object.assign(changes, { resolved_at: null, resolution: null, root_cause: null });
      // An acknowledged incident already holds its fingerprint's one open slot.
      if (!ackTimeout) await this.refuseSecondOpenIncident(client, current);
    }

    let updated: IncidentRow;
    try {
      updated = await this.repository.update(client, current.id, changes, now);
    } catch (error) {
      // Lost a race with detection opening the same problem between our check and this update.
      if (isUniqueViolation(error, OPEN_FINGERPRINT_INDEX)) throw this.secondOpenConflict(current);
      throw error;
    }

    const before = this.statusFacts(current);
    const after = this.statusFacts(updated);
    const names = statusChangeEvent(request.to);
    await appendTimeline(
      client,
      current.id,
      {
        type: request.timelineType ?? names.timeline,
        actor: request.actor,
        actorUserId: request.actorUserId,
        body: request.body ?? null,
        before,
        after,
      },
      now,
    );
    await this.outbox.append(client, incidentEvent(names.event, updated, now, { actor: request.actor, before, after }));
    return updated;
  }

  private statusFacts(row: IncidentRow) {
    const facts: Record<string, unknown> = { status: row.status };
    if (row.status === 'RESOLVED')
      Object.assign(facts, { resolution: row.resolution, root_cause: row.root_cause, log_count: row.log_count });
    return facts;
  }

  private async refuseSecondOpenIncident(client: Queryable, current: IncidentRow): Promise<void> {
    if (!current.fingerprint) return;
    const other = await this.repository.findOpenByFingerprint(client, current.fingerprint);
    if (other) throw this.secondOpenConflict(current, other.id);
  }

  private secondOpenConflict(current: IncidentRow, otherId?: string): ConflictException {
    return new ConflictException(
      `Cannot reopen: incident ${otherId ?? '(another one)'} is already open for the same problem (${current.fingerprint}). ` +
        'Work on that one, or resolve it first.',
    );
  }
}
