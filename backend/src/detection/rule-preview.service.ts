import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { levelsAtOrAbove } from '../common/log-levels';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RuleHistoryRepository } from '../logs';
import { CLOCK_SKEW_ALLOWANCE_MS } from './detection-window';
import { DetectionRulesService } from './detection-rules.service';
import type { PreviewDetectionRuleDto } from './dto/preview-detection-rule.dto';
import type { PreviewedIncidentDto, RulePreviewDto } from './dto/rule-preview.dto';
import type { RuleFields } from './rule-validation';
import { replayKey, type HistoryPoint, type ReplaySettings } from './rule-replay';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
export const MAX_PREVIEW_RANGE_MS = 7 * DAY_MS;
const DEFAULT_PREVIEW_RANGE_MS = DAY_MS;
/** A form shows a small table: beyond this many the rule is plainly too noisy anyway. */
export const MAX_PREVIEW_INCIDENTS = 200;
/**
 * Reading logs (message_pattern, group_by, windows not in whole minutes) is bounded: 60,000
 * matching logs took a median 0.7 s to read and replay (bench), so 100,000 stays near 1.2 s; a
 * range holding more is refused, naming `from`.
 */
export const MAX_PREVIEW_LOGS = 100_000;

interface PreviewKey {
  serviceId: string | null;
  group?: string | null;
  points: HistoryPoint[];
}

/**
 * What a rule (saved or not) would have opened and resolved over past logs: the live
 * engine's decisions (`decideWindow`) replayed at its evaluation ticks over per-minute counts
 * or, when those cannot answer, over the matching logs themselves.
 */
@Injectable()
export class RulePreviewService {
  private readonly intervalMs: number;

  constructor(
    private readonly rules: DetectionRulesService,
    private readonly history: RuleHistoryRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.detection.intervalMs;
  }

  async preview(dto: PreviewDetectionRuleDto): Promise<RulePreviewDto> {
    const { from, to } = this.range(dto);
    const rule = await this.rules.validated(undefined, { name: 'preview', enabled: true, ...dto.rule }, 'rule.');
    if (rule.kind !== 'THRESHOLD' && rule.kind !== 'ABSENCE') {
      throw refusal('rule.kind', `preview supports THRESHOLD and ABSENCE rules, not ${rule.kind}`);
    }
    const windowMs = rule.window_seconds * 1000;
    const fromCounts = windowMs % MINUTE_MS === 0 && rule.message_pattern === null && rule.group_by === null;
    const keys = fromCounts ? await this.keysFromCounts(rule, from, to) : await this.keysFromLogs(rule, from, to);
    const settings: ReplaySettings = {
      rule: { kind: rule.kind, threshold: rule.threshold, min_count: rule.min_count },
      windowMs,
      autoResolveMs: rule.auto_resolve_seconds === null ? null : rule.auto_resolve_seconds * 1000,
      stepMs: fromCounts ? MINUTE_MS : this.intervalMs,
    };
    const firstSeen = rule.kind === 'ABSENCE' ? await this.firstSeen(rule) : null;
    const incidents: PreviewedIncidentDto[] = [];
    for (const key of keys) {
      for (const incident of replayKey(settings, key.points, firstSeen, { from: from.getTime(), to: to.getTime() })) {
        incidents.push({
          opened_at: new Date(incident.openedAt).toISOString(),
          resolved_at: incident.resolvedAt === null ? null : new Date(incident.resolvedAt).toISOString(),
          peak_count: incident.peakCount,
          service_id: key.serviceId,
          ...(rule.group_by ? { group: key.group ?? null } : {}),
        });
      }
    }
    incidents.sort((a, b) => a.opened_at.localeCompare(b.opened_at));
    return {
      source: fromCounts ? 'minute_counts' : 'logs',
      granularity_seconds: settings.stepMs / 1000,
      from: from.toISOString(),
      to: to.toISOString(),
      incidents: incidents.slice(0, MAX_PREVIEW_INCIDENTS),
      truncated: incidents.length > MAX_PREVIEW_INCIDENTS,
    };
  }

  /** [from, to]: `to` no later than now (default now), `from` default 24 h before, at most 7 days. */
  private range(dto: PreviewDetectionRuleDto): { from: Date; to: Date } {
    const now = this.clock.now();
    const to = dto.to === undefined ? now : new Date(Math.min(Date.parse(dto.to), now.getTime()));
    const from = dto.from === undefined ? new Date(to.getTime() - DEFAULT_PREVIEW_RANGE_MS) : new Date(dto.from);
    if (from >= to) throw refusal('from', 'from must be before to (and before now)');
    if (to.getTime() - from.getTime() > MAX_PREVIEW_RANGE_MS) throw refusal('from', 'from must be at most 7 days before to');
    return { from, to };
  }

  /**
   * A minute's count stands as if its logs were stamped at the minute's last millisecond: a
   * tick counts the minutes wholly inside its window, the minute a burst starts in shows at the
   * next whole minute (the preview is late by less than a minute, never early).
   */
  private async keysFromCounts(rule: RuleFields, from: Date, to: Date): Promise<PreviewKey[]> {
    const since = new Date(from.getTime() - rule.window_seconds * 1000 - MINUTE_MS);
    // ABSENCE counts its service, or every service together (ingestion as a whole): one key.
    const together = rule.kind === 'ABSENCE';
    const series = await this.history.minuteSeries(levelsAtOrAbove(rule.level), rule.service_id, since, to, together);
    const keys = series.map((one) => ({
      serviceId: together ? rule.service_id : one.service_id,
      points: one.minutes.map((minute, i) => ({ at: (minute + 1) * MINUTE_MS - 1, count: one.counts[i]! })),
    }));
    return together && keys.length === 0 ? [{ serviceId: rule.service_id, points: [] }] : keys;
  }

  private async keysFromLogs(rule: RuleFields, from: Date, to: Date): Promise<PreviewKey[]> {
    const criteria = { levels: levelsAtOrAbove(rule.level), serviceId: rule.service_id, messagePattern: rule.message_pattern };
    const since = new Date(from.getTime() - rule.window_seconds * 1000);
    const until = new Date(to.getTime() + CLOCK_SKEW_ALLOWANCE_MS);
    const logs = await this.history.matchingLogs(criteria, rule.group_by, since, until, MAX_PREVIEW_LOGS + 1);
    if (logs.length > MAX_PREVIEW_LOGS) {
      throw refusal(
        'from',
        `the range holds more than ${MAX_PREVIEW_LOGS} matching logs, and this rule is replayed from the logs themselves ` +
          '(message_pattern, group_by or a window that is not whole minutes): shorten the range',
      );
    }
    const together = rule.kind === 'ABSENCE';
    const keys = new Map<string, PreviewKey>();
    if (together) keys.set('', { serviceId: rule.service_id, points: [] });
    for (const log of logs) {
      const id = together ? '' : `${log.service_id}\u0000${log.group_value ?? '\u0001'}`;
      const key = keys.get(id) ?? keys.set(id, { serviceId: log.service_id, group: log.group_value, points: [] }).get(id)!;
      key.points.push({ at: log.timestamp.getTime(), count: 1 });
    }
    return [...keys.values()];
  }

  private async firstSeen(rule: RuleFields): Promise<number | null> {
    const first =
      rule.service_id === null
        ? await this.history.firstSeenOfAny()
        : (await this.history.firstSeen([rule.service_id])).get(rule.service_id);
    return first ? first.getTime() : null;
  }
}

function refusal(field: string, message: string): BadRequestException {
  return new BadRequestException({ message: `Invalid preview: ${message}`, details: [{ field, errors: [message] }] });
}
