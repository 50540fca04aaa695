import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { createdRange } from './created-range';
import type { IncidentStatsDto, IncidentStatsQueryDto, StatusSeverityCountsDto, UnresolvedIncidentsDto } from './dto/incident-stats.dto';
import { daysOf, fillDays, noSeverities, SEVERITIES } from './incident-days';
import { IncidentStatsRepository, type StatusSeverityCount } from './incident-stats.repository';

const STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;

/** Incident counts and response times for the overview and the list tabs; exported for the services list (unresolved per service). */
@Injectable()
export class IncidentStatsService {
  constructor(
    private readonly repository: IncidentStatsRepository,
    private readonly clock: Clock,
  ) {}

  async stats(query: IncidentStatsQueryDto): Promise<IncidentStatsDto> {
    const range = createdRange(query.from, query.to);
    const days = range.from ? daysOf(range.from, range.to ?? this.clock.now()) : undefined;
    const [groups, mtta, mttr, unresolved, perDay] = await Promise.all([
      this.repository.countByStatusAndSeverity(range),
      this.repository.durationTo('acknowledged_at', range),
      this.repository.durationTo('resolved_at', range),
      this.repository.countUnresolved(),
      days && days.length > 0 ? this.repository.countCreatedPerDay({ from: range.from!, to: range.to ?? this.clock.now() }) : [],
    ]);
    const byStatusAndSeverity = countByStatusAndSeverity(groups);
    const sum = (counts: object) => Object.values(counts as Record<string, number>).reduce((total, n) => total + n, 0);
    return {
      from: range.from?.toISOString() ?? null,
      to: range.to?.toISOString() ?? null,
      total: groups.reduce((total, group) => total + group.count, 0),
      by_status: Object.fromEntries(STATUSES.map((status) => [status, sum(byStatusAndSeverity[status])])),
      by_severity: Object.fromEntries(
        SEVERITIES.map((severity) => [severity, STATUSES.reduce((total, status) => total + byStatusAndSeverity[status][severity], 0)]),
      ),
      mtta_seconds: mtta,
      mttr_seconds: mttr,
      by_status_and_severity: byStatusAndSeverity,
      unresolved_now: unresolvedSummary(unresolved),
      per_day: days ? fillDays(days, perDay) : null,
    };
  }

  /** Unresolved incidents per service, for the services list; one service when given. */
  async unresolvedByService(serviceId?: string): Promise<Map<string, UnresolvedIncidentsDto>> {
    const rows = await this.repository.countUnresolved(serviceId);
    const byService = new Map<string, StatusSeverityCount[]>();
    for (const row of rows) {
      if (row.service_id === null) continue;
      const rows = byService.get(row.service_id);
      if (rows) rows.push(row);
      else byService.set(row.service_id, [row]);
    }
    return new Map([...byService].map(([service, counts]) => [service, unresolvedSummary(counts)]));
  }
}

function countByStatusAndSeverity(rows: StatusSeverityCount[]): StatusSeverityCountsDto {
  const counts = { OPEN: noSeverities(), ACKNOWLEDGED: noSeverities(), RESOLVED: noSeverities() };
  for (const row of rows) {
    const perSeverity = counts[row.status as keyof typeof counts];
    if (perSeverity && row.severity in perSeverity) perSeverity[row.severity as keyof typeof perSeverity] += row.count;
  }
  return counts;
}

export function unresolvedSummary(rows: StatusSeverityCount[]): UnresolvedIncidentsDto {
  const summary: UnresolvedIncidentsDto = { total: 0, open: 0, acknowledged: 0, by_severity: noSeverities() };
  for (const row of rows) {
    summary.total += row.count;
    if (row.status === 'OPEN') summary.open += row.count;
    if (row.status === 'ACKNOWLEDGED') summary.acknowledged += row.count;
    if (row.severity in summary.by_severity) summary.by_severity[row.severity as keyof typeof summary.by_severity] += row.count;
  }
  return summary;
}
