import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IncidentsRepository, type LinkedExtent } from '../incidents';
import { LogScansRepository, type ScannedLog } from '../logs';
import type { FirstError, IncidentAnalysis, TimeBucket } from './analysis.types';
import { BASELINE_MS, chartWindow, type ChartWindow, incidentMinutes, rankRisingTemplates } from './incident-window';
import { PatternMiner } from './pattern-miner';
import { topPatterns } from './pattern-view';

const PATTERN_LIMIT = 50;
const RISING_LIMIT = 10;
const isErrorLevel = (level: string) => level === 'ERROR' || level === 'FATAL';

/** Earlier timestamp first, then the lower id (ids are bigint text: compare as numbers). */
const isEarlier = (a: ScannedLog, b: ScannedLog) => a[3] < b[3] || (a[3] === b[3] && BigInt(a[4]) < BigInt(b[4]));

/**
 * What an SRE wants first when opening an incident: which messages dominate its logs,
 * which services are involved, the activity around it, the first error, and which
 * templates rose against the hour before it began.
 */
@Injectable()
export class IncidentAnalysisService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly logs: LogScansRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async analyse(incidentId: string): Promise<IncidentAnalysis> {
    const started = performance.now();
    const incident = await this.incidents.findFacts(incidentId);
    if (!incident) throw new NotFoundException(`Incident ${incidentId} not found`);
    const now = this.clock.now();
    const maxLogs = this.config.analysis.maxLogs;

    const extent = await this.incidents.linkedLogsExtent(incidentId);
    const total = extent.count;
    const truncated = total > maxLogs;
    const { miner, services, levels, oldestMs, newestMs, ...mined } = await this.mineLinkedLogs(incidentId, extent, maxLogs, truncated);
    // With only the newest logs analysed, the first error may be among the others.
    const firstError = truncated ? await this.logs.findFirstLinkedError(incidentId, extent) : mined.firstError;
    if (incident.serviceId && !services.has(incident.serviceId)) services.set(incident.serviceId, 0);

    const firstSeen = incident.firstSeenAt ?? (Number.isFinite(oldestMs) ? new Date(oldestMs) : incident.createdAt);
    const lastSeen = incident.lastSeenAt ?? (Number.isFinite(newestMs) ? new Date(newestMs) : null);
    const serviceIds = [...services.keys()];
    const window = chartWindow(firstSeen, lastSeen, now);
    const baselineFrom = new Date(firstSeen.getTime() - BASELINE_MS);

    const [timeline, baseline] = await Promise.all([
      this.countPerBucket(incidentId, serviceIds, window),
      this.countBaseline(miner, serviceIds, [...levels], baselineFrom, firstSeen),
    ]);
    const rising = rankRisingTemplates(
      miner.top(Infinity).map((stats) => ({
        template: stats.template,
        incidentCount: stats.count,
        baselineCount: baseline.counts.get(stats.clusterId) ?? 0,
      })),
      incidentMinutes(firstSeen, lastSeen ?? now),
      BASELINE_MS / 60_000,
      RISING_LIMIT,
    );

    return {
      incident,
      linkedLogs: { total, analysed: Math.min(total, maxLogs), truncated },
      services: [...services.entries()].sort((a, b) => b[1] - a[1]).map(([serviceId, count]) => ({ serviceId, count })),
      patterns: topPatterns(miner, PATTERN_LIMIT),
      other: { count: miner.other.count, templatesEvicted: miner.other.templatesEvicted },
      timeline: { from: window.from, to: window.to, bucketSeconds: window.bucketSeconds, buckets: timeline },
      firstError: firstError && this.toFirstError(firstError, miner),
      rising,
      baseline: { from: baselineFrom, to: firstSeen, analysed: baseline.analysed, truncated: baseline.truncated },
      analysedInMs: Math.round(performance.now() - started),
    };
  }

  /** Templates, services, levels, time range and first error of the incident's logs (all, or the newest maxLogs). */
  private async mineLinkedLogs(incidentId: string, extent: LinkedExtent, maxLogs: number, newestOnly: boolean) {
    const miner = new PatternMiner();
    const services = new Map<string, number>();
    const levels = new Set<string>();
    let firstError: ScannedLog | null = null;
    let oldestMs = Infinity;
    let newestMs = -Infinity;
    if (extent.count > 0) {
      await this.logs.scanLinkedLogs(incidentId, extent, maxLogs, newestOnly, (row) => {
        const [message, serviceId, level, timestampMs] = row;
        miner.add({ message, serviceId, level, timestampMs });
        services.set(serviceId, (services.get(serviceId) ?? 0) + 1);
        levels.add(level);
        if (timestampMs < oldestMs) oldestMs = timestampMs;
        if (timestampMs > newestMs) newestMs = timestampMs;
        if (isErrorLevel(level) && (!firstError || isEarlier(row, firstError))) firstError = row;
      });
    }
    return { miner, services, levels, firstError: firstError as ScannedLog | null, oldestMs, newestMs };
  }

  /** Dense buckets: every bucket of the window is present, empty ones with zeros. */
  private async countPerBucket(incidentId: string, serviceIds: string[], window: ChartWindow): Promise<TimeBucket[]> {
    const [serviceCounts, linkedCounts] = await Promise.all([
      serviceIds.length
        ? this.logs.countServiceLogsPerBucket(serviceIds, window.from, window.to, window.bucketSeconds)
        : Promise.resolve([]),
      this.incidents.countLinkedLogsPerBucket(incidentId, window.from, window.to, window.bucketSeconds),
    ]);
    const buckets: TimeBucket[] = Array.from({ length: window.bucketCount }, (_, i) => ({
      start: new Date(window.from.getTime() + i * window.bucketSeconds * 1000),
      total: 0,
      errors: 0,
      linked: 0,
    }));
    for (const { bucket, total, errors } of serviceCounts) {
      const target = buckets[bucket];
      if (target) Object.assign(target, { total, errors });
    }
    for (const { bucket, count } of linkedCounts) {
      const target = buckets[bucket];
      if (target) target.linked = count;
    }
    return buckets;
  }

  /**
   * How often each of the incident's templates appeared in the hour before it, among logs
   * of the same services at the same levels (matched, not learned: the baseline must not
   * reshape the incident's templates).
   */
  private async countBaseline(miner: PatternMiner, serviceIds: string[], levels: string[], from: Date, before: Date) {
    const counts = new Map<number, number>();
    const maxLogs = this.config.analysis.maxLogs;
    let scanned = 0;
    if (serviceIds.length && levels.length) {
      await this.logs.scanLogs(
        // Timestamps have millisecond precision: this excludes the incident's first moment.
        { from, to: new Date(before.getTime() - 1), serviceIds, levels },
        maxLogs + 1,
        ([message]) => {
          if (++scanned > maxLogs) return;
          const stats = miner.match(message);
          if (stats) counts.set(stats.clusterId, (counts.get(stats.clusterId) ?? 0) + 1);
        },
      );
    }
    return { counts, analysed: Math.min(scanned, maxLogs), truncated: scanned > maxLogs };
  }

  private toFirstError([message, serviceId, level, timestampMs, logId]: ScannedLog, miner: PatternMiner): FirstError {
    return { logId, timestamp: new Date(timestampMs), serviceId, level, message, template: miner.templateOf(message) };
  }
}
