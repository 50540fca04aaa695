import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';
import type { DetectionRule } from '../generated/prisma/client';
import { DetectedIncidents, type EvidenceMatch, ruleActor, type IncidentRow, IncidentStorms, stormFingerprint } from '../incidents';
import { inTransaction, type Queryable } from '../database/pg-transaction';
import { MAX_GROUP_VALUE_LENGTH, type LogCriteria, type MetadataGroup } from '../logs';
import { currentWindow, groupOfFingerprint } from './detection-window';
import { levelsAtOrAbove } from '../common/log-levels';
import { capCrossings, capGroups } from './rule-cap';
import { GroupCapIncident } from './group-cap-incident';
import { RuleCrossings, type Crossing } from './rule-crossings';
import { AbsenceEvaluator } from './absence-evaluator';
import { NewPatternEvaluator } from './new-pattern-evaluator';

// Key space of the per-rule advisory locks (the second key is hashtext(rule id)).
const DETECTION_LOCK_SPACE = 1_414_808_645;
const MINUTE_MS = 60_000;

export interface RuleOutcome {
  opened: number;
  attached: number;
  resolved: number;
  /** Crossing services grouped into the rule's storm instead of incidents of their own. */
  grouped: number;
}

/**
 * Evaluates one rule in one transaction holding the rule's advisory lock, so app instances
 * take turns per rule: attach new logs to its unresolved incidents (and storm), open incidents
 * for services that cross it (at most DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE a minute,
 * the rest grouped into its storm), auto-resolve the quiet ones.
 */
@Injectable()
export class RuleEvaluator {
  private readonly limitPerMinute: number;
  private readonly maxGroups: number;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly crossings: RuleCrossings,
    private readonly incidents: DetectedIncidents,
    private readonly storms: IncidentStorms,
    private readonly absence: AbsenceEvaluator,
    private readonly newPattern: NewPatternEvaluator,
    private readonly groupCap: GroupCapIncident,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limitPerMinute = config.detection.maxIncidentsPerRulePerMinute;
    this.maxGroups = config.detection.maxGroupsPerRule;
  }

  evaluate(rule: DetectionRule): Promise<RuleOutcome> {
    return inTransaction(this.pool, async (client) => {
      // Never wait or run forever behind a stuck instance or a pathological regex.
      await client.query(`SET LOCAL lock_timeout = '10s'`);
      await client.query(`SET LOCAL statement_timeout = '20s'`);
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DETECTION_LOCK_SPACE, rule.id]);
      // Read after the lock: every statement from here sees what the previous holder committed,
      // which is what makes the per-minute count exact across instances.
      const now = this.clock.now();
      if (rule.kind === 'ABSENCE') return { ...(await this.absence.evaluate(client, rule, now)), attached: 0, grouped: 0 };
      if (rule.kind === 'NEW_PATTERN') return { ...(await this.newPattern.evaluate(client, rule, now)), attached: 0 };
      const window = currentWindow(now, rule.windowSeconds);
      const criteria: LogCriteria = { levels: levelsAtOrAbove(rule.level), serviceId: rule.serviceId, messagePattern: rule.messagePattern };
      const actor = ruleActor(rule.name);
      const outcome: RuleOutcome = { opened: 0, attached: 0, resolved: 0, grouped: 0 };

      const unresolved = await this.incidents.findUnresolvedForRule(client, rule.id);
      const storm = unresolved.find((incident) => incident.fingerprint === stormFingerprint(rule.id));
      const stormServices = storm ? await this.storms.serviceIds(client, storm.id) : [];
      for (const incident of unresolved) {
        const serviceIds = incident === storm ? stormServices : incident.service_id ? [incident.service_id] : [];
        if (serviceIds.length === 0) continue;
        const from = attachFrom(incident, window.from);
        const match = evidence(criteria, serviceIds, from, window.to, incident === storm ? undefined : groupOf(rule, incident));
        outcome.attached += await this.incidents.attach(client, incident, match, actor, now);
      }

      // With group_by, one group's incident does not make the service's other groups busy.
      const serviceIncidents = rule.groupBy ? [] : unresolved.map((incident) => incident.service_id);
      const busy = new Set<string | null>([...serviceIncidents, ...stormServices]);
      const busyFingerprints = new Set(unresolved.map((incident) => incident.fingerprint));
      const stormResolutions = await this.storms.resolvedSince(client, rule.id, window.from);
      let crossings = await this.crossings.find(client, { rule, criteria, window, busy, busyFingerprints, stormResolutions });
      if (rule.groupBy && crossings.length > 0) {
        const openGroups = unresolved.filter((incident) => groupOf(rule, incident) !== undefined).length;
        const { within, over } = capGroups(crossings, openGroups, this.maxGroups);
        if (over.length > 0)
          outcome.opened += await this.groupCap.report(client, rule, { over, openGroups, maxGroups: this.maxGroups }, now);
        crossings = within;
      }
      if (crossings.length > 0) {
        const { opened, grouped } = await this.openOrGroup(client, { rule, criteria, storm, now, to: window.to }, crossings);
        outcome.opened += opened;
        outcome.grouped = grouped;
      }

      if (rule.autoResolveSeconds !== null) {
        outcome.resolved = (await this.incidents.autoResolve(client, rule, rule.autoResolveSeconds, now)).length;
      }
      return outcome;
    });
  }

  /**
   * Opens incidents for as many crossings as the rule has room for this minute, loudest first;
   * the rest join the rule's storm (opened if needed: it counts as one more incident opened).
   */
  private async openOrGroup(
    client: Queryable,
    { rule, criteria, storm, now, to }: { rule: DetectionRule; criteria: LogCriteria; storm: IncidentRow | undefined; now: Date; to: Date },
    crossings: Crossing[],
  ): Promise<Pick<RuleOutcome, 'opened' | 'grouped'>> {
    const openedInLastMinute = await this.storms.countOpenedSince(client, rule.id, new Date(now.getTime() - MINUTE_MS));
    const { individual, grouped } = capCrossings(crossings, openedInLastMinute, this.limitPerMinute);
    let opened = 0;
    for (const crossing of individual) if (await this.open(client, rule, criteria, crossing, to, now)) opened += 1;
    if (grouped.length === 0) return { opened, grouped: 0 };
    const request = {
      rule,
      storm,
      crossings: grouped.map((c) => ({ serviceId: c.serviceId, count: c.count, evidence: evidence(criteria, [c.serviceId], c.from, to) })),
      limitPerMinute: this.limitPerMinute,
      openedInLastMinute: openedInLastMinute + individual.length,
    };
    if ((await this.storms.absorb(client, request, now)).opened) opened += 1;
    return { opened, grouped: grouped.length };
  }

  private async open(
    client: Queryable,
    rule: DetectionRule,
    criteria: LogCriteria,
    crossing: Crossing,
    to: Date,
    now: Date,
  ): Promise<boolean> {
    const { opened } = await this.incidents.open(
      client,
      {
        rule: { id: rule.id, name: rule.name, severity: rule.severity },
        fingerprint: crossing.fingerprint,
        serviceId: crossing.serviceId,
        title: crossing.group
          ? `${rule.name}: ${crossing.serviceId} ${crossing.group.key}=${crossing.group.value ?? '(none)'}`
          : `${rule.name}: ${crossing.serviceId}`,
        description: crossing.description,
        previous: crossing.previous,
        evidence: evidence(criteria, [crossing.serviceId], crossing.from, to, crossing.group),
        facts: crossing.facts,
      },
      now,
    );
    return opened;
  }
}

function evidence(criteria: LogCriteria, serviceIds: string[], from: Date, to: Date, group?: MetadataGroup): EvidenceMatch {
  const match: EvidenceMatch = { serviceIds, levels: criteria.levels, from, to, messagePattern: criteria.messagePattern };
  if (group) match.group = { ...group, maxLength: MAX_GROUP_VALUE_LENGTH };
  return match;
}

/** The group an incident of a rule with group_by is about (undefined: not a group incident). */
function groupOf(rule: DetectionRule, incident: IncidentRow): MetadataGroup | undefined {
  if (!rule.groupBy || !incident.fingerprint || !incident.service_id) return undefined;
  const group = groupOfFingerprint(incident.fingerprint, rule.id, incident.service_id);
  return group && { key: rule.groupBy, value: group.value };
}

/**
 * Late logs of the burst (stamped before the incident's first evidence, committed after it)
 * attach too; logs stamped before the previous incident of the problem was resolved stay
 * with that one.
 */
function attachFrom(incident: { previous_resolved_at: Date | null }, windowFrom: Date): Date {
  const previous = incident.previous_resolved_at;
  return previous && previous > windowFrom ? previous : windowFrom;
}
