import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Severity } from '../generated/prisma/enums';
import { OutboxRepository } from '../outbox';
import { linkEvidence, type EvidenceMatch } from './incident-evidence';
import { appendTimeline, incidentEvent, ruleActor } from './incident-journal';
import { DetectedIncidentsRepository } from './detected-incidents.repository';
import type { IncidentRow } from './incident-row';
import { OPEN_FINGERPRINT_INDEX, IncidentTransitions } from './incident-transitions';
import { IncidentsRepository } from './incidents.repository';
import { withSavepoint, type Queryable } from '../database/pg-transaction';
import { isUniqueViolation } from '../database/unique-violation';

export interface DetectingRule {
  id: string;
  name: string;
  severity: Severity;
}

export interface OpenRequest {
  rule: DetectingRule;
  fingerprint: string;
  /** Null for a problem of no one service (e.g. ingestion as a whole has stopped). */
  serviceId: string | null;
  title: string;
  description: string;
  /** The last incident of this fingerprint (resolved), linked as `previous_incident_id`. */
  previous: IncidentRow | undefined;
  evidence: EvidenceMatch;
  /** Facts about the crossing for the timeline (count, threshold, z-score...). */
  facts: Record<string, unknown>;
}

/** The timeline summarises attached logs at most this often per incident, not once per log. */
export const ATTACH_SUMMARY_INTERVAL_MS = 60_000;

/**
 * What detection may do to incidents, always inside detection's own transaction (which holds
 * the rule's advisory lock): open one, attach evidence, auto-resolve quiet ones.
 */
@Injectable()
export class DetectedIncidents {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly detected: DetectedIncidentsRepository,
    private readonly transitions: IncidentTransitions,
    private readonly outbox: OutboxRepository,
  ) {}

  /** With the resolution time of each one's previous incident: logs up to it belong to that one. */
  findUnresolvedForRule(client: Queryable, ruleId: string): Promise<(IncidentRow & { previous_resolved_at: Date | null })[]> {
    return this.detected.findUnresolvedForRule(client, ruleId);
  }

  findLatestByFingerprint(client: Queryable, fingerprint: string): Promise<IncidentRow | undefined> {
    return this.detected.findLatestByFingerprint(client, fingerprint);
  }

  lockUnresolvedByFingerprint(client: Queryable, fingerprint: string): Promise<IncidentRow | undefined> {
    return this.detected.lockUnresolvedByFingerprint(client, fingerprint);
  }

  /**
   * Opens the incident with its evidence, timeline entry and outbox row. If an open incident
   * with the fingerprint appeared meanwhile (a person reopened one), the logs attach to it.
   */
  async open(client: Queryable, request: OpenRequest, now: Date): Promise<{ incident: IncidentRow; opened: boolean }> {
    const actor = ruleActor(request.rule.name);
    let created: IncidentRow;
    try {
      created = await withSavepoint(client, 'open_incident', () =>
        this.repository.insert(
          client,
          {
            id: randomUUID(),
            title: request.title,
            description: request.description,
            severity: request.rule.severity,
            service_id: request.serviceId,
            rule_id: request.rule.id,
            fingerprint: request.fingerprint,
            previous_incident_id: request.previous?.status === 'RESOLVED' ? request.previous.id : null,
            created_by: actor,
          },
          now,
        ),
      );
    } catch (error) {
      if (!isUniqueViolation(error, OPEN_FINGERPRINT_INDEX)) throw error;
      const existing = await this.repository.findOpenByFingerprint(client, request.fingerprint);
      if (!existing) throw error;
      await this.attach(client, existing, request.evidence, actor, now);
      return { incident: existing, opened: false };
    }

    const linked = await linkEvidence(client, created.id, request.evidence, now);
    const incident = linked?.incident ?? created;
    await appendTimeline(
      client,
      incident.id,
      {
        type: 'opened',
        actor,
        body: request.description,
        after: {
          status: incident.status,
          severity: incident.severity,
          service_id: incident.service_id,
          rule: { id: request.rule.id, name: request.rule.name },
          log_count: incident.log_count,
          previous_incident_id: incident.previous_incident_id,
          ...request.facts,
        },
      },
      now,
    );
    await this.outbox.append(client, incidentEvent('incident.opened', incident, now, { actor, ...request.facts }));
    return { incident, opened: true };
  }

  /** Links matching logs not linked yet; summarises them in the timeline at most once a minute. */
  async attach(client: Queryable, incident: IncidentRow, evidence: EvidenceMatch, actor: string, now: Date): Promise<number> {
    const linked = await linkEvidence(client, incident.id, evidence, now);
    if (!linked) return 0;
    const last = await this.detected.lastLogCountEntry(client, incident.id);
    if (last && now.getTime() - last.created_at.getTime() < ATTACH_SUMMARY_INTERVAL_MS) return linked.count;
    const updated = linked.incident;
    const before = last?.after?.log_count ?? updated.log_count - linked.count;
    const attached = updated.log_count - before;
    const after = { log_count: updated.log_count, last_seen_at: updated.last_seen_at?.toISOString() ?? null };
    await appendTimeline(
      client,
      incident.id,
      { type: 'logs_attached', actor, body: `${attached} more matching logs attached`, before: { log_count: before }, after },
      now,
    );
    await this.outbox.append(client, incidentEvent('incident.updated', updated, now, { actor, attached, ...after }));
    return linked.count;
  }

  /** Resolves the rule's incidents that have been quiet (no matching log, no change) for `quietSeconds`. */
  async autoResolve(client: Queryable, rule: DetectingRule, quietSeconds: number, now: Date): Promise<IncidentRow[]> {
    const quiet = await this.detected.lockQuietForRule(client, rule.id, new Date(now.getTime() - quietSeconds * 1000));
    const resolved: IncidentRow[] = [];
    for (const incident of quiet) {
      resolved.push(
        await this.resolve(
          client,
          rule,
          incident,
          {
            resolution: `Auto-resolved: no matching log for ${quietSeconds} s`,
            body: `No matching log for ${quietSeconds} s: resolved by rule "${rule.name}"`,
          },
          now,
        ),
      );
    }
    return resolved;
  }

  /** Resolves one of the rule's incidents because the rule says the problem is over (`auto_resolved` on the timeline). */
  resolve(
    client: Queryable,
    rule: DetectingRule,
    incident: IncidentRow,
    reason: { resolution: string; body: string },
    now: Date,
  ): Promise<IncidentRow> {
    return this.transitions.apply(
      client,
      incident,
      { to: 'RESOLVED', actor: ruleActor(rule.name), actorUserId: null, timelineType: 'auto_resolved', ...reason },
      now,
    );
  }
}
