import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';
import type { DetectionRule } from '../generated/prisma/client';
import { DetectedIncidents, type EvidenceMatch, ruleActor, type IncidentRow, IncidentStorms, stormFingerprint } from '../incidents';
import { inTransaction, type Queryable } from '../database/pg-transaction';
import type { LogCriteria } from '../logs';
import { currentWindow, ruleFingerprint } from './detection-window';
import { levelsAtOrAbove } from '../common/log-levels';
import { capCrossings } from './rule-cap';
import { RuleCrossings, type Crossing } from './rule-crossings';
import { AbsenceEvaluator } from './absence-evaluator';

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

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly crossings: RuleCrossings,
    private readonly incidents: DetectedIncidents,
    private readonly storms: IncidentStorms,
    private readonly absence: AbsenceEvaluator,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limitPerMinute = config.detection.maxIncidentsPerRulePerMinute;
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
        outcome.attached += await this.incidents.attach(client, incident, evidence(criteria, serviceIds, from, window.to), actor, now);
      }

      const busy = new Set<string | null>([...unresolved.map((incident) => incident.service_id), ...stormServices]);
      const stormResolutions = await this.storms.resolvedSince(client, rule.id, window.from);
      const crossings = await this.crossings.find(client, { rule, criteria, window, busy, stormResolutions });
      if (crossings.length > 0) {
        Object.assign(outcome, await this.openOrGroup(client, { rule, criteria, storm, now, to: window.to }, crossings));
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
        fingerprint: ruleFingerprint(rule.id, crossing.serviceId),
        serviceId: crossing.serviceId,
        title: `${rule.name}: ${crossing.serviceId}`,
        description: crossing.description,
        previous: crossing.previous,
        evidence: evidence(criteria, [crossing.serviceId], crossing.from, to),
        facts: crossing.facts,
      },
      now,
    );
    return opened;
  }
}

function evidence(criteria: LogCriteria, serviceIds: string[], from: Date, to: Date): EvidenceMatch {
  return { serviceIds, levels: criteria.levels, from, to, messagePattern: criteria.messagePattern };
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
