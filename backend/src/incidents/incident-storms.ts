import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { withSavepoint, type Queryable } from '../database/pg-transaction';
import { isUniqueViolation } from '../database/unique-violation';
import { OutboxRepository } from '../outbox';
import type { DetectingRule } from './detected-incidents.service';
import { linkEvidence, type EvidenceMatch } from './incident-evidence';
import { appendTimeline, incidentEvent, ruleActor } from './incident-journal';
import type { IncidentRow } from './incident-row';
import { OPEN_FINGERPRINT_INDEX } from './incident-transitions';
import { IncidentStormsRepository } from './incident-storms.repository';
import { IncidentsRepository } from './incidents.repository';

/** A service that crossed a rule with no room left for an incident of its own this minute. */
export interface GroupedCrossing {
  serviceId: string;
  /** Matching logs that made it cross. */
  count: number;
  evidence: EvidenceMatch;
}

export interface StormRequest {
  rule: DetectingRule;
  /** The rule's unresolved storm, if it has one. */
  storm: IncidentRow | undefined;
  crossings: GroupedCrossing[];
  /** DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE, and how many the rule opened in the last minute. */
  limitPerMinute: number;
  openedInLastMinute: number;
}

/** "This rule's storm": at most one unresolved, like any fingerprint (the unique partial index). */
export const stormFingerprint = (ruleId: string): string => `rule:${ruleId}:storm`;

// The timeline, the outbox payload and the description list this many services, loudest first.
const LISTED_SERVICES = 20;
const DESCRIBED_SERVICES = 10;

/**
 * Incident storms: once a rule has opened its limit of incidents within a minute, the services
 * that cross it next are grouped into ONE incident per rule (service_id null, fingerprint
 * `rule:<id>:storm`) instead of one each. Only its opening notifies; later services and logs
 * attach to it (an `incident.updated`) while it is unresolved, and it resolves like any other
 * incident (auto-resolve once all its services are quiet, or by hand). Always called inside
 * detection's transaction, under the rule's advisory lock.
 */
@Injectable()
export class IncidentStorms {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly storms: IncidentStormsRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Incidents of their own (storms not counted) the rule opened after `since`. */
  countOpenedSince(client: Queryable, ruleId: string, since: Date): Promise<number> {
    return this.storms.countOpenedSince(client, ruleId, since, stormFingerprint(ruleId));
  }

  serviceIds(client: Queryable, stormId: string): Promise<string[]> {
    return this.storms.serviceIds(client, stormId);
  }

  /**
   * When the rule's storms that were resolved after `since` were resolved, per service they
   * grouped: like an incident's own resolution, logs up to it must not open the problem again.
   */
  resolvedSince(client: Queryable, ruleId: string, since: Date): Promise<Map<string, Date>> {
    return this.storms.resolvedSince(client, stormFingerprint(ruleId), since);
  }

  /** Groups the crossings into the rule's storm, opening it when there is none. Returns whether it was opened. */
  async absorb(client: Queryable, request: StormRequest, now: Date): Promise<{ opened: boolean }> {
    const { incident: existing, opened } = request.storm
      ? { incident: request.storm, opened: false }
      : await this.insert(client, request, now);
    const before = opened ? 0 : await this.storms.countServices(client, existing.id);
    await this.storms.addServices(client, existing.id, request.crossings, now);
    for (const evidence of evidenceByStart(request.crossings)) await linkEvidence(client, existing.id, evidence, now);
    const { total, loudest } = await this.storms.summary(client, existing.id, LISTED_SERVICES);
    const storm = await this.repository.update(client, existing.id, { description: stormDescription(request, total, loudest) }, now);
    if (opened) await this.journalOpened(client, request, storm, total, loudest, now);
    else await this.journalGrew(client, request, storm, before, total, now);
    return { opened };
  }

  /** The new storm, or the open one a person reopened meanwhile (it then grows instead). */
  private async insert(client: Queryable, request: StormRequest, now: Date): Promise<{ incident: IncidentRow; opened: boolean }> {
    const fingerprint = stormFingerprint(request.rule.id);
    try {
      const incident = await withSavepoint(client, 'open_storm', () =>
        this.repository.insert(
          client,
          {
            id: randomUUID(),
            title: `${request.rule.name}: incident storm`,
            description: null,
            severity: request.rule.severity,
            service_id: null,
            rule_id: request.rule.id,
            fingerprint,
            created_by: ruleActor(request.rule.name),
          },
          now,
        ),
      );
      return { incident, opened: true };
    } catch (error) {
      if (!isUniqueViolation(error, OPEN_FINGERPRINT_INDEX)) throw error;
      const reopened = await this.repository.findOpenByFingerprint(client, fingerprint);
      if (!reopened) throw error;
      return { incident: reopened, opened: false };
    }
  }

  private async journalOpened(
    client: Queryable,
    request: StormRequest,
    storm: IncidentRow,
    total: number,
    loudest: { service_id: string; count: number }[],
    now: Date,
  ): Promise<void> {
    const actor = ruleActor(request.rule.name);
    const facts = {
      service_count: total,
      services: loudest,
      limit_per_minute: request.limitPerMinute,
      opened_in_last_minute: request.openedInLastMinute,
    };
    await appendTimeline(
      client,
      storm.id,
      {
        type: 'opened',
        actor,
        body: storm.description,
        after: {
          status: storm.status,
          severity: storm.severity,
          service_id: null,
          rule: { id: request.rule.id, name: request.rule.name },
          log_count: storm.log_count,
          storm: facts,
        },
      },
      now,
    );
    // The one notification of the storm: channels get this instead of one per service.
    await this.outbox.append(client, incidentEvent('incident.opened', storm, now, { actor, storm: facts }));
  }

  private async journalGrew(client: Queryable, request: StormRequest, storm: IncidentRow, before: number, total: number, now: Date) {
    const actor = ruleActor(request.rule.name);
    const added = request.crossings.slice(0, LISTED_SERVICES).map((crossing) => crossing.serviceId);
    const after = { service_count: total, added, log_count: storm.log_count };
    await appendTimeline(
      client,
      storm.id,
      {
        type: 'storm_grew',
        actor,
        body: `${total - before} more services crossed the rule: grouped here (${total} in all)`,
        before: { service_count: before },
        after,
      },
      now,
    );
    // incident.updated is not a notifiable event: live clients see it, channels are not paged again.
    await this.outbox.append(client, incidentEvent('incident.updated', storm, now, { actor, storm: after }));
  }
}

/** One evidence match per distinct start (most crossings start at the window's start): one statement each. */
function evidenceByStart(crossings: GroupedCrossing[]): EvidenceMatch[] {
  const byStart = new Map<number, EvidenceMatch>();
  for (const { evidence } of crossings) {
    const match = byStart.get(evidence.from.getTime());
    if (match) {
      match.serviceIds.push(...evidence.serviceIds);
      if (match.logIds && evidence.logIds) match.logIds.push(...evidence.logIds);
    } else {
      const logIds = evidence.logIds && [...evidence.logIds];
      byStart.set(evidence.from.getTime(), { ...evidence, serviceIds: [...evidence.serviceIds], ...(logIds && { logIds }) });
    }
  }
  return [...byStart.values()];
}

function stormDescription(request: StormRequest, total: number, loudest: { service_id: string; count: number }[]): string {
  const listed = loudest.slice(0, DESCRIBED_SERVICES).map((s) => `${s.service_id} (${s.count} logs)`);
  const more = total > listed.length ? ` and ${total - listed.length} more` : '';
  return (
    `${total} services crossed rule "${request.rule.name}" beyond its limit: a rule opens no more than ${request.limitPerMinute} ` +
    `incidents within a minute (DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE). They are grouped here instead of one incident ` +
    `each, and their logs attach here until this is resolved. Loudest: ${listed.join(', ')}${more}.`
  );
}
