import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Severity } from '../generated/prisma/enums';
import { withSavepoint, type Queryable } from '../database/pg-transaction';
import { isUniqueViolation } from '../database/unique-violation';
import { OutboxRepository } from '../outbox';
import { DetectedIncidentsRepository } from './detected-incidents.repository';
import { appendTimeline, incidentEvent } from './incident-journal';
import type { IncidentRow, IncidentSource } from './incident-row';
import { IncidentTransitions, OPEN_FINGERPRINT_INDEX } from './incident-transitions';
import { IncidentsRepository } from './incidents.repository';

export interface ExternalOpenRequest {
  source: Exclude<IncidentSource, 'detection' | 'manual'>;
  /** `<source>:<the tool's dedup key>`: at most one unresolved incident has it. */
  fingerprint: string;
  title: string;
  description: string | null;
  severity: Severity;
  serviceId: string | null;
  /** `<source>:<API key name>`, the timeline's actor. */
  actor: string;
  /** What the tool sent, for the timeline (labels, annotations, link back...). */
  facts: Record<string, unknown>;
}

/**
 * What alert intake may do to incidents, always inside the intake request's transaction: open
 * one for an alert (same timeline entry and outbox event as detection, so silences,
 * notifications and live updates treat it alike), acknowledge or resolve it when the tool says so.
 */
@Injectable()
export class ExternalIncidents {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly detected: DetectedIncidentsRepository,
    private readonly transitions: IncidentTransitions,
    private readonly outbox: OutboxRepository,
  ) {}

  findOpenByFingerprint(client: Queryable, fingerprint: string): Promise<IncidentRow | undefined> {
    return this.repository.findOpenByFingerprint(client, fingerprint);
  }

  /**
   * Opens the incident, linked to the last resolved one of the same alert. When another
   * instance opened it meanwhile (the partial unique index), answers that one with opened false.
   */
  async open(client: Queryable, request: ExternalOpenRequest, now: Date): Promise<{ incident: IncidentRow; opened: boolean }> {
    const previous = await this.detected.findLatestByFingerprint(client, request.fingerprint);
    let incident: IncidentRow;
    try {
      incident = await withSavepoint(client, 'open_external_incident', () =>
        this.repository.insert(
          client,
          {
            id: randomUUID(),
            title: request.title,
            description: request.description,
            severity: request.severity,
            service_id: request.serviceId,
            fingerprint: request.fingerprint,
            previous_incident_id: previous?.status === 'RESOLVED' ? previous.id : null,
            created_by: request.actor,
            source: request.source,
          },
          now,
        ),
      );
    } catch (error) {
      if (!isUniqueViolation(error, OPEN_FINGERPRINT_INDEX)) throw error;
      const existing = await this.repository.findOpenByFingerprint(client, request.fingerprint);
      if (!existing) throw error;
      return { incident: existing, opened: false };
    }
    const after = {
      status: incident.status,
      severity: incident.severity,
      service_id: incident.service_id,
      source: incident.source,
      previous_incident_id: incident.previous_incident_id,
      ...request.facts,
    };
    await appendTimeline(client, incident.id, { type: 'opened', actor: request.actor, body: request.description, after }, now);
    await this.outbox.append(client, incidentEvent('incident.opened', incident, now, { actor: request.actor, source: incident.source }));
    return { incident, opened: true };
  }

  /**
   * The tool says the problem is over: resolved, the timeline naming the tool and key. Locked
   * first, so a person (or another instance) resolving it at the same moment takes turns;
   * answers undefined when it was resolved meanwhile.
   */
  async resolve(client: Queryable, incidentId: string, actor: string, body: string, now: Date): Promise<IncidentRow | undefined> {
    const current = await this.repository.lock(client, incidentId);
    if (!current || current.status === 'RESOLVED') return undefined;
    return this.transitions.apply(client, current, { to: 'RESOLVED', actor, actorUserId: null, resolution: body, body }, now);
  }

  /** The tool says someone works on it (PagerDuty `acknowledge`); only an OPEN incident changes. */
  async acknowledge(client: Queryable, incidentId: string, actor: string, body: string, now: Date): Promise<IncidentRow | undefined> {
    const current = await this.repository.lock(client, incidentId);
    if (!current || current.status !== 'OPEN') return undefined;
    return this.transitions.apply(client, current, { to: 'ACKNOWLEDGED', actor, actorUserId: null, body }, now);
  }
}
