import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { PG_POOL } from '../database/pg-pool';
import type { DetectionRule } from '../generated/prisma/client';
import { DetectedIncidents, type EvidenceMatch } from '../incidents/detected-incidents.service';
import { ruleActor } from '../incidents/incident-journal';
import type { IncidentRow } from '../incidents/incident-row';
import { inTransaction, type Queryable } from '../database/pg-transaction';
import { availableBaselineMinutes, judgeAnomaly, zeroFilledBaseline } from './anomaly';
import { DetectionRepository, type LogCriteria } from './detection.repository';
import { currentWindow, ruleFingerprint } from './detection-window';
import { levelsAtOrAbove } from './log-levels';

// Key space of the per-rule advisory locks (the second key is hashtext(rule id)).
const DETECTION_LOCK_SPACE = 1_414_808_645;

interface Crossing {
  serviceId: string;
  /** Exclusive lower bound of the crossing logs (after the previous incident's resolution). */
  from: Date;
  previous: IncidentRow | undefined;
  description: string;
  facts: Record<string, unknown>;
}

export interface RuleOutcome {
  opened: number;
  attached: number;
  resolved: number;
}

/**
 * Evaluates one rule in one transaction holding the rule's advisory lock, so app instances
 * take turns per rule: attach new logs to its unresolved incidents, open incidents for
 * services that cross it, auto-resolve the quiet ones.
 */
@Injectable()
export class RuleEvaluator {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly logs: DetectionRepository,
    private readonly incidents: DetectedIncidents,
    private readonly clock: Clock,
  ) {}

  evaluate(rule: DetectionRule): Promise<RuleOutcome> {
    return inTransaction(this.pool, async (client) => {
      // Never wait or run forever behind a stuck instance or a pathological regex.
      await client.query(`SET LOCAL lock_timeout = '10s'`);
      await client.query(`SET LOCAL statement_timeout = '20s'`);
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DETECTION_LOCK_SPACE, rule.id]);
      // Read after the lock: every statement from here sees what the previous holder committed.
      const now = this.clock.now();
      const window = currentWindow(now, rule.windowSeconds);
      const criteria: LogCriteria = { levels: levelsAtOrAbove(rule.level), serviceId: rule.serviceId, messagePattern: rule.messagePattern };
      const actor = ruleActor(rule.name);
      const outcome: RuleOutcome = { opened: 0, attached: 0, resolved: 0 };

      const unresolved = await this.incidents.findUnresolvedForRule(client, rule.id);
      for (const incident of unresolved) {
        if (!incident.service_id) continue;
        const from = attachFrom(incident, window.from);
        outcome.attached += await this.incidents.attach(
          client,
          incident,
          this.evidence(criteria, incident.service_id, from, window.to),
          actor,
          now,
        );
      }

      const busy = new Set(unresolved.map((incident) => incident.service_id));
      const crossings =
        rule.kind === 'ANOMALY'
          ? await this.anomalies(client, rule, criteria, window, busy)
          : await this.thresholdCrossings(client, rule, criteria, window, busy);
      for (const crossing of crossings) {
        const { opened } = await this.incidents.open(
          client,
          {
            rule: { id: rule.id, name: rule.name, severity: rule.severity },
            fingerprint: ruleFingerprint(rule.id, crossing.serviceId),
            serviceId: crossing.serviceId,
            title: `${rule.name}: ${crossing.serviceId}`,
            description: crossing.description,
            previous: crossing.previous,
            evidence: this.evidence(criteria, crossing.serviceId, crossing.from, window.to),
            facts: crossing.facts,
          },
          now,
        );
        if (opened) outcome.opened += 1;
      }

      if (rule.autoResolveSeconds !== null) {
        outcome.resolved = (await this.incidents.autoResolve(client, rule, rule.autoResolveSeconds, now)).length;
      }
      return outcome;
    });
  }

  private async thresholdCrossings(
    client: Queryable,
    rule: DetectionRule,
    criteria: LogCriteria,
    window: { from: Date; to: Date },
    busy: Set<string | null>,
  ): Promise<Crossing[]> {
    const threshold = rule.threshold ?? 0;
    const counts = await this.logs.countByService(client, criteria, window.from, window.to, threshold + 1);
    const crossings: Crossing[] = [];
    for (const { service_id: serviceId, count: windowCount } of counts) {
      if (busy.has(serviceId)) continue;
      const { previous, from, count } = await this.sinceLastResolution(client, rule, criteria, serviceId, window, windowCount);
      if (count <= threshold) continue;
      crossings.push({
        serviceId,
        from,
        previous,
        description: `${count} ${rule.level}+ logs from ${serviceId} within ${rule.windowSeconds} s (threshold: more than ${threshold})`,
        facts: { count, threshold, window_seconds: rule.windowSeconds },
      });
    }
    return crossings;
  }

  private async anomalies(
    client: Queryable,
    rule: DetectionRule,
    criteria: LogCriteria,
    window: { from: Date; to: Date },
    busy: Set<string | null>,
  ): Promise<Crossing[]> {
    const settings = {
      windowSeconds: rule.windowSeconds,
      zScore: rule.zScore ?? 3,
      minCount: rule.minCount ?? 1,
      minBaselineMinutes: rule.minBaselineMinutes ?? 1,
    };
    const baselineMinutes = rule.baselineMinutes ?? 30;
    // Only services already at min_count in the window need a baseline: the cheap count goes first.
    const candidates = [];
    for (const { service_id: serviceId, count: windowCount } of await this.logs.countByService(
      client,
      criteria,
      window.from,
      window.to,
      settings.minCount,
    )) {
      if (busy.has(serviceId)) continue;
      const since = await this.sinceLastResolution(client, rule, criteria, serviceId, window, windowCount);
      if (since.count >= settings.minCount) candidates.push({ serviceId, ...since });
    }
    if (candidates.length === 0) return [];

    // The baseline ends where the current window starts, so a spike never raises its own baseline.
    const serviceIds = candidates.map((candidate) => candidate.serviceId);
    const perMinute = await this.logs.countPerMinute(client, criteria, serviceIds, window.from, baselineMinutes);
    const firstSeen = await this.logs.firstSeen(client, serviceIds);
    const crossings: Crossing[] = [];
    for (const candidate of candidates) {
      const counts = new Map(perMinute.filter((row) => row.service_id === candidate.serviceId).map((row) => [row.minute_ago, row.count]));
      const minutes = availableBaselineMinutes(window.from, firstSeen.get(candidate.serviceId) ?? null, baselineMinutes, counts);
      const verdict = judgeAnomaly(candidate.count, zeroFilledBaseline(counts, minutes), settings);
      if (!verdict.anomalous) continue;
      crossings.push({
        serviceId: candidate.serviceId,
        from: candidate.from,
        previous: candidate.previous,
        description: `${rule.level}+ logs from ${candidate.serviceId}: ${verdict.reason}`,
        facts: {
          count: candidate.count,
          window_seconds: rule.windowSeconds,
          baseline_minutes: verdict.baselineMinutes,
          baseline_mean: round(verdict.mean),
          baseline_stddev: round(verdict.stddev),
          z: round(verdict.z ?? 0),
          z_score: settings.zScore,
        },
      });
    }
    return crossings;
  }

  /**
   * Logs that already belonged to the previous incident of this problem must not open the next
   * one: after a resolution, only logs stamped after it count (otherwise auto-resolve with a
   * quiet period shorter than the window would reopen at once, forever).
   */
  private async sinceLastResolution(
    client: Queryable,
    rule: DetectionRule,
    criteria: LogCriteria,
    serviceId: string,
    window: { from: Date; to: Date },
    windowCount: number,
  ): Promise<{ previous: IncidentRow | undefined; from: Date; count: number }> {
    const previous = await this.incidents.findLatestByFingerprint(client, ruleFingerprint(rule.id, serviceId));
    const resolvedAt = previous?.resolved_at;
    if (!resolvedAt || resolvedAt <= window.from) return { previous, from: window.from, count: windowCount };
    return { previous, from: resolvedAt, count: await this.logs.countForService(client, criteria, serviceId, resolvedAt, window.to) };
  }

  private evidence(criteria: LogCriteria, serviceId: string, from: Date, to: Date): EvidenceMatch {
    return { serviceId, levels: criteria.levels, from, to, messagePattern: criteria.messagePattern };
  }
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

const round = (value: number): number => Math.round(value * 100) / 100;
