import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Queryable } from '../database/pg-transaction';
import type { DetectionRule } from '../generated/prisma/client';
import { DetectedIncidents, type EvidenceMatch, IncidentStorms, stormFingerprint } from '../incidents';
import { LogsAfterCursorRepository, type LogCriteria } from '../logs';
import { levelsAtOrAbove } from '../common/log-levels';
import { ruleFingerprint } from './detection-window';
import { NewPatternRepository } from './new-pattern.repository';
import { nextCursor, sightings, type TemplateSighting } from './new-pattern-templates';
import { capCrossings } from './rule-cap';

/**
 * Logs read per rule per evaluation. Templating them takes a few ms; the scheduler runs again
 * on the next commit or tick, so a backlog is worked off batch by batch (nothing is dropped).
 */
export const NEW_PATTERN_BATCH = 5000;
/** Logs stamped this long before now when committed are backfill: never "new" today. */
const MAX_LATENESS_MS = 86_400_000;
/** The masking reads this much of a message. */
const MESSAGE_CHARS = 2000;
const TITLE_TEMPLATE_CHARS = 120;
const MINUTE_MS = 60_000;

export const templateFingerprint = (ruleId: string, serviceId: string, hash: string): string =>
  `${ruleFingerprint(ruleId, serviceId)}:template:${hash}`;

export interface NewPatternOutcome {
  opened: number;
  resolved: number;
  grouped: number;
}

/**
 * NEW_PATTERN rules, inside the rule's evaluation transaction (advisory lock held): reads the
 * logs committed since the rule's cursor, templates them, remembers the templates the rule had
 * not seen for their service, and (after the learning period) opens one incident per such
 * template, under the per-minute storm cap. Cursor, known templates and incidents commit together.
 */
@Injectable()
export class NewPatternEvaluator {
  private readonly logger = new Logger('Detection');
  private readonly maxTemplates: number;
  private readonly limitPerMinute: number;
  /** Rule and service pairs already warned about the cap (once per process is enough: the count is in the table). */
  private readonly warnedAtCap = new Set<string>();

  constructor(
    private readonly logs: LogsAfterCursorRepository,
    private readonly templates: NewPatternRepository,
    private readonly incidents: DetectedIncidents,
    private readonly storms: IncidentStorms,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxTemplates = config.detection.maxKnownTemplatesPerService;
    this.limitPerMinute = config.detection.maxIncidentsPerRulePerMinute;
  }

  async evaluate(client: Queryable, rule: DetectionRule, now: Date): Promise<NewPatternOutcome> {
    const outcome: NewPatternOutcome = { opened: 0, resolved: 0, grouped: 0 };
    const cursor = await this.cursorOf(client, rule, now);
    const criteria: LogCriteria = { levels: levelsAtOrAbove(rule.level), serviceId: rule.serviceId, messagePattern: rule.messagePattern };
    const batch = await this.logs.read(client, {
      criteria,
      afterId: cursor.last_log_id,
      since: new Date(now.getTime() - MAX_LATENESS_MS),
      limit: NEW_PATTERN_BATCH,
      maxMessageChars: MESSAGE_CHARS,
    });
    if (batch.length > 0) {
      const seen = sightings(batch);
      const known = await this.templates.known(client, rule.id, seen);
      const { within, overCap } = await this.withinCap(
        client,
        rule,
        seen.filter((s) => !known.has(keyOf(s))),
      );
      const learning = now < cursor.learning_until;
      const inserted = await this.templates.remember(client, rule.id, within, learning, now);
      const fresh = within.filter((s) => inserted.has(keyOf(s)));
      if (!learning && fresh.length > 0) Object.assign(outcome, await this.report(client, rule, criteria, fresh, now));
      await this.templates.advanceCursor(client, rule.id, nextCursor(cursor.last_log_id, batch), overCap, now);
    }
    if (rule.autoResolveSeconds !== null) {
      outcome.resolved = (await this.incidents.autoResolve(client, rule, rule.autoResolveSeconds, now)).length;
    }
    return outcome;
  }

  /** The rule's cursor; at its first evaluation, one starting at the newest log, learning from now. */
  private async cursorOf(client: Queryable, rule: DetectionRule, now: Date) {
    const existing = await this.templates.findCursor(client, rule.id);
    if (existing) return existing;
    const cursor = {
      last_log_id: await this.logs.lastIssuedId(client),
      learning_until: new Date(now.getTime() + (rule.learningSeconds ?? 0) * 1000),
    };
    await this.templates.createCursor(client, rule.id, cursor, now);
    return cursor;
  }

  /**
   * DETECTION_MAX_KNOWN_TEMPLATES_PER_SERVICE: a service at the cap learns nothing more and
   * reports nothing more (a service whose messages never repeat would otherwise grow the
   * table without end and page on every log).
   */
  private async withinCap(client: Queryable, rule: DetectionRule, unknown: TemplateSighting[]) {
    if (unknown.length === 0) return { within: [], overCap: 0 };
    const counts = await this.templates.countPerService(client, rule.id, [...new Set(unknown.map((s) => s.serviceId))]);
    const within: TemplateSighting[] = [];
    let overCap = 0;
    for (const sighting of unknown) {
      const count = counts.get(sighting.serviceId) ?? 0;
      if (count >= this.maxTemplates) {
        overCap += 1;
        this.warnCap(rule, sighting.serviceId);
        continue;
      }
      counts.set(sighting.serviceId, count + 1);
      within.push(sighting);
    }
    return { within, overCap };
  }

  private warnCap(rule: DetectionRule, serviceId: string): void {
    const key = `${rule.id}\u0000${serviceId}`;
    if (this.warnedAtCap.has(key)) return;
    this.warnedAtCap.add(key);
    this.logger.warn(
      `rule "${rule.name}": ${serviceId} has ${this.maxTemplates} known templates (DETECTION_MAX_KNOWN_TEMPLATES_PER_SERVICE); ` +
        'its further new templates are neither learnt nor reported',
    );
  }

  /** One incident per new template while the rule has room this minute; the rest go to its storm. */
  private async report(client: Queryable, rule: DetectionRule, criteria: LogCriteria, fresh: TemplateSighting[], now: Date) {
    const crossings = fresh.map((s) => ({ ...s, count: s.logIds.length, fingerprint: templateFingerprint(rule.id, s.serviceId, s.hash) }));
    const openedInLastMinute = await this.storms.countOpenedSince(client, rule.id, new Date(now.getTime() - MINUTE_MS));
    const { individual, grouped } = capCrossings(crossings, openedInLastMinute, this.limitPerMinute);
    let opened = 0;
    for (const crossing of individual) {
      const { opened: isNew } = await this.incidents.open(
        client,
        {
          rule: { id: rule.id, name: rule.name, severity: rule.severity },
          fingerprint: crossing.fingerprint,
          serviceId: crossing.serviceId,
          title: `${rule.name}: new pattern in ${crossing.serviceId}: ${cut(crossing.template, TITLE_TEMPLATE_CHARS)}`,
          description:
            `First ${rule.level}+ log(s) of a message template ${crossing.serviceId} had not sent before ` +
            `(${crossing.count} log(s) of it in this batch): ${crossing.template}`,
          previous: await this.incidents.findLatestByFingerprint(client, crossing.fingerprint),
          evidence: evidenceOf(criteria, crossing),
          facts: { template: crossing.template, template_hash: crossing.hash, count: crossing.count },
        },
        now,
      );
      if (isNew) opened += 1;
    }
    if (grouped.length === 0) return { opened, grouped: 0 };
    const stormRows = await this.incidents.findUnresolvedForRule(client, rule.id);
    const storm = stormRows.find((incident) => incident.fingerprint === stormFingerprint(rule.id));
    const request = {
      rule,
      storm,
      crossings: byService(grouped).map((s) => ({ serviceId: s.serviceId, count: s.logIds.length, evidence: evidenceOf(criteria, s) })),
      limitPerMinute: this.limitPerMinute,
      openedInLastMinute: openedInLastMinute + individual.length,
    };
    if ((await this.storms.absorb(client, request, now)).opened) opened += 1;
    return { opened, grouped: grouped.length };
  }
}

const keyOf = (s: { serviceId: string; hash: string }): string => `${s.serviceId}\u0000${s.hash}`;

const cut = (text: string, chars: number): string => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);

/** The logs that carried the template; the time range only bounds the partitions read (`from` is exclusive). */
function evidenceOf(criteria: LogCriteria, s: Pick<TemplateSighting, 'serviceId' | 'logIds' | 'first' | 'last'>): EvidenceMatch {
  return {
    serviceIds: [s.serviceId],
    levels: criteria.levels,
    from: new Date(s.first.getTime() - 1),
    to: s.last,
    messagePattern: null,
    logIds: s.logIds,
  };
}

/** A storm lists services once: the new templates of one service join as one crossing. */
function byService(grouped: TemplateSighting[]): TemplateSighting[] {
  const merged = new Map<string, TemplateSighting>();
  for (const s of grouped) {
    const seen = merged.get(s.serviceId);
    if (!seen) merged.set(s.serviceId, { ...s, logIds: [...s.logIds] });
    else {
      seen.logIds.push(...s.logIds);
      if (s.first < seen.first) seen.first = s.first;
      if (s.last > seen.last) seen.last = s.last;
    }
  }
  return [...merged.values()];
}
