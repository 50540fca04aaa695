import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/pg-transaction';
import type { DetectionRule } from '../generated/prisma/client';
import { DetectedIncidents } from '../incidents';
import { MatchingLogsRepository, type LogCriteria } from '../logs';
import { levelsAtOrAbove } from '../common/log-levels';
import { currentWindow, ruleFingerprint } from './detection-window';
import { decideWindow } from './window-decision';

/** Fingerprint of "this ABSENCE rule, every service together" (ingestion as a whole). */
export const ingestionFingerprint = (ruleId: string): string => `rule:${ruleId}:ingestion`;

export interface AbsenceOutcome {
  opened: number;
  resolved: number;
}

/**
 * ABSENCE rules (dead man's switch), inside the rule's evaluation transaction (advisory lock
 * held): fewer than min_count matching logs in the window opens one incident for the service
 * (or, without a service, for ingestion as a whole); a window with min_count logs again
 * resolves it. Runs on the scheduler's timer: nothing is committed when a service goes quiet.
 */
@Injectable()
export class AbsenceEvaluator {
  constructor(
    private readonly logs: MatchingLogsRepository,
    private readonly incidents: DetectedIncidents,
  ) {}

  async evaluate(client: Queryable, rule: DetectionRule, now: Date): Promise<AbsenceOutcome> {
    const window = currentWindow(now, rule.windowSeconds);
    const criteria: LogCriteria = { levels: levelsAtOrAbove(rule.level), serviceId: rule.serviceId, messagePattern: rule.messagePattern };
    const fingerprint = rule.serviceId === null ? ingestionFingerprint(rule.id) : ruleFingerprint(rule.id, rule.serviceId);
    const minCount = rule.minCount ?? 1;

    const unresolved = await this.incidents.lockUnresolvedByFingerprint(client, fingerprint);
    const count = await this.logs.count(client, criteria, window.from, window.to);
    const firstSeen = rule.serviceId === null ? await this.logs.firstSeenOfAny(client) : await this.firstSeen(client, rule.serviceId);
    const seenBeforeWindow = firstSeen !== null && firstSeen <= window.from;
    const decision = decideWindow(
      { kind: 'ABSENCE', threshold: null, min_count: minCount },
      { count, seenBeforeWindow, open: !!unresolved },
    );
    const who = rule.serviceId ?? 'any service';
    const facts = { count, min_count: minCount, window_seconds: rule.windowSeconds };

    if (decision === 'resolve' && unresolved) {
      const body = `${count} matching log(s) from ${who} within ${rule.windowSeconds} s again (expected at least ${minCount})`;
      await this.incidents.resolve(client, rule, unresolved, { resolution: `Auto-resolved: ${body}`, body }, now);
      return { opened: 0, resolved: 1 };
    }
    if (decision !== 'open') return { opened: 0, resolved: 0 };

    const previous = await this.incidents.findLatestByFingerprint(client, fingerprint);
    const title = rule.serviceId === null ? `${rule.name}: no logs from any service` : `${rule.name}: ${rule.serviceId} went quiet`;
    const { opened } = await this.incidents.open(
      client,
      {
        rule: { id: rule.id, name: rule.name, severity: rule.severity },
        fingerprint,
        serviceId: rule.serviceId,
        title,
        description: `${count} ${rule.level}+ log(s) from ${who} within ${rule.windowSeconds} s (expected at least ${minCount})`,
        previous,
        // The service's last signs of life (the window before the quiet one) are the evidence;
        // ingestion as a whole has no one service to show.
        evidence: {
          serviceIds: rule.serviceId === null ? [] : [rule.serviceId],
          levels: criteria.levels,
          from: new Date(window.from.getTime() - rule.windowSeconds * 1000),
          to: window.from,
          messagePattern: rule.messagePattern,
        },
        facts,
      },
      now,
    );
    return { opened: opened ? 1 : 0, resolved: 0 };
  }

  private async firstSeen(client: Queryable, serviceId: string): Promise<Date | null> {
    return (await this.logs.firstSeen(client, [serviceId])).get(serviceId) ?? null;
  }
}
