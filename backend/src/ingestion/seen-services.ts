import type { LogLevel } from '../generated/prisma/enums';
import type { ServiceSighting } from '../logs';
import { LOG_LEVELS } from '../common/log-levels';
import type { LogRow } from './log-validation';

// Bounds the memory of a service_id churn (e.g. ids with a build number in them): forgetting
// only costs one extra in-statement upsert per service.
const MAX_KNOWN_SERVICES = 100_000;

export interface BatchSummary {
  sightings: ServiceSighting[];
  maxLevel: LogLevel;
}

export function summarizeBatch(rows: readonly LogRow[]): BatchSummary {
  const byService = new Map<string, ServiceSighting>();
  let maxRank = 0;
  for (const row of rows) {
    const seen = byService.get(row.serviceId);
    if (!seen) byService.set(row.serviceId, { serviceId: row.serviceId, firstSeenMs: row.timestampMs, lastSeenMs: row.timestampMs });
    else {
      if (row.timestampMs < seen.firstSeenMs) seen.firstSeenMs = row.timestampMs;
      if (row.timestampMs > seen.lastSeenMs) seen.lastSeenMs = row.timestampMs;
    }
    const rank = LOG_LEVELS.indexOf(row.level);
    if (rank > maxRank) maxRank = rank;
  }
  return { sightings: [...byService.values()], maxLevel: LOG_LEVELS[maxRank]! };
}

/**
 * Keeps the `services` table current without a query per request and without making every
 * group commit lock the same hot `services` rows (which would serialise the concurrent
 * writers): a service this process has not seen yet is upserted in the same statement as
 * its logs; after that its first/last seen times are merged in memory and written about
 * once a second by `GroupCommitWriter`.
 */
export class SeenServices {
  private readonly known = new Set<string>();
  private pending = new Map<string, ServiceSighting>();

  /** Services to record together with their logs. */
  unknownAmong(sightings: readonly ServiceSighting[]): ServiceSighting[] {
    return sightings.filter((s) => !this.known.has(s.serviceId));
  }

  committed(sightings: readonly ServiceSighting[], recordedWithLogs: readonly ServiceSighting[]): void {
    if (this.known.size + recordedWithLogs.length > MAX_KNOWN_SERVICES) this.known.clear();
    for (const s of recordedWithLogs) this.known.add(s.serviceId);
    const recorded = new Set(recordedWithLogs);
    for (const s of sightings) if (!recorded.has(s)) this.merge(s);
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  takePending(): ServiceSighting[] {
    const taken = [...this.pending.values()];
    this.pending = new Map();
    return taken;
  }

  /** A failed flush: keep the sightings for the next one. */
  giveBack(sightings: readonly ServiceSighting[]): void {
    for (const s of sightings) this.merge(s);
  }

  private merge(s: ServiceSighting): void {
    const seen = this.pending.get(s.serviceId);
    if (!seen) this.pending.set(s.serviceId, { ...s });
    else {
      seen.firstSeenMs = Math.min(seen.firstSeenMs, s.firstSeenMs);
      seen.lastSeenMs = Math.max(seen.lastSeenMs, s.lastSeenMs);
    }
  }
}
