import { Injectable } from '@nestjs/common';
import type { DetectionRule } from '../generated/prisma/client';
import { DetectedIncidents, type IncidentRow } from '../incidents';
import type { Queryable } from '../database/pg-transaction';
import { availableBaselineMinutes, judgeAnomaly, zeroFilledBaseline } from './anomaly';
import { MatchingLogsRepository, type LogCriteria, type MetadataGroup } from '../logs';
import { groupFingerprint, ruleFingerprint } from './detection-window';
import { decideWindow } from './window-decision';

/** A service that crosses a rule now and has no unresolved incident (nor storm) of it. */
export interface Crossing {
  serviceId: string;
  /** Rules with group_by: the value of the key (null: logs without it). */
  group?: MetadataGroup;
  /** The problem's fingerprint: (rule, service) or (rule, service, group). */
  fingerprint: string;
  /** Matching logs that made it cross (loudest crossings get incidents of their own first). */
  count: number;
  /** Exclusive lower bound of the crossing logs (after the previous incident's resolution). */
  from: Date;
  previous: IncidentRow | undefined;
  description: string;
  facts: Record<string, unknown>;
}

/** What a rule's evaluation knows before looking for crossings. */
export interface CrossingContext {
  rule: DetectionRule;
  criteria: LogCriteria;
  window: { from: Date; to: Date };
  /** Services with an unresolved incident of the rule (without group_by), or grouped by its unresolved storm. */
  busy: Set<string | null>;
  /** Fingerprints of the rule's unresolved incidents (a group with one is busy). */
  busyFingerprints: Set<string | null>;
  /** When a storm of the rule that grouped the service was resolved (within the window). */
  stormResolutions: Map<string, Date>;
}

/** Finds the services that cross a rule (threshold or anomaly), inside the evaluation's transaction. */
@Injectable()
export class RuleCrossings {
  constructor(
    private readonly logs: MatchingLogsRepository,
    private readonly incidents: DetectedIncidents,
  ) {}

  find(client: Queryable, context: CrossingContext): Promise<Crossing[]> {
    return context.rule.kind === 'ANOMALY' ? this.anomalies(client, context) : this.thresholdCrossings(client, context);
  }

  private async thresholdCrossings(client: Queryable, context: CrossingContext): Promise<Crossing[]> {
    const { rule, criteria, window, busy, busyFingerprints } = context;
    const threshold = rule.threshold ?? 0;
    const counts = rule.groupBy
      ? await this.logs.countByServiceAndGroup(client, criteria, rule.groupBy, window.from, window.to, threshold + 1)
      : (await this.logs.countByService(client, criteria, window.from, window.to, threshold + 1)).map((row) => ({
          ...row,
          group_value: null,
        }));
    const crossings: Crossing[] = [];
    for (const { service_id: serviceId, group_value: value, count: windowCount } of counts) {
      const group = rule.groupBy ? { key: rule.groupBy, value } : undefined;
      const fingerprint = group ? groupFingerprint(rule.id, serviceId, value) : ruleFingerprint(rule.id, serviceId);
      if (busy.has(serviceId) || busyFingerprints.has(fingerprint)) continue;
      const key = { serviceId, fingerprint, criteria: { ...criteria, group } };
      const { previous, from, count } = await this.sinceLastResolution(client, context, key, windowCount);
      if (decideWindow({ kind: 'THRESHOLD', threshold, min_count: null }, { count, seenBeforeWindow: true, open: false }) !== 'open')
        continue;
      const who = group ? `${serviceId} (${group.key}=${value ?? 'none'})` : serviceId;
      crossings.push({
        serviceId,
        group,
        fingerprint,
        count,
        from,
        previous,
        description: `${count} ${rule.level}+ logs from ${who} within ${rule.windowSeconds} s (threshold: more than ${threshold})`,
        facts: { count, threshold, window_seconds: rule.windowSeconds, ...(group ? { group_by: group.key, group_value: value } : {}) },
      });
    }
    return crossings;
  }

  private async anomalies(client: Queryable, context: CrossingContext): Promise<Crossing[]> {
    const { rule, criteria, window, busy } = context;
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
      const key = { serviceId, fingerprint: ruleFingerprint(rule.id, serviceId), criteria };
      const since = await this.sinceLastResolution(client, context, key, windowCount);
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
        fingerprint: ruleFingerprint(rule.id, candidate.serviceId),
        count: candidate.count,
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
   * Logs that already belonged to the previous incident of this problem (its own, or a storm
   * that grouped the service) must not open the next one: after a resolution, only logs stamped
   * after it count (otherwise auto-resolve with a quiet period shorter than the window would
   * reopen at once, forever).
   */
  private async sinceLastResolution(
    client: Queryable,
    { window, stormResolutions }: CrossingContext,
    { serviceId, fingerprint, criteria }: { serviceId: string; fingerprint: string; criteria: LogCriteria },
    windowCount: number,
  ): Promise<{ previous: IncidentRow | undefined; from: Date; count: number }> {
    const previous = await this.incidents.findLatestByFingerprint(client, fingerprint);
    const resolvedAt = latest(previous?.resolved_at ?? null, stormResolutions.get(serviceId) ?? null);
    if (!resolvedAt || resolvedAt <= window.from) return { previous, from: window.from, count: windowCount };
    return { previous, from: resolvedAt, count: await this.logs.countForService(client, criteria, serviceId, resolvedAt, window.to) };
  }
}

const latest = (a: Date | null, b: Date | null): Date | null => (a && b ? (a > b ? a : b) : (a ?? b));

const round = (value: number): number => Math.round(value * 100) / 100;
