import { Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '../common/clock';
import { IncidentStatsService, unresolvedSummary } from '../incidents';
import type { ActivityWindowDto, ServiceDetailDto, ServiceListDto, ServiceSummaryDto } from './dto/service.dto';
import { LogCountsRepository, type ServiceBucketCount } from './log-counts.repository';
import { emptyCounts, type LevelCounts } from './log-stats';
import { LogsRepository } from './logs.repository';
import { activitySeries, activityWindow, type ActivityRange, type ActivityWindow } from './service-activity';

const LAST_HOUR_MS = 3_600_000;

/**
 * The services screen: every service (or one) with last seen, last-hour counts, volume and
 * error sparklines and unresolved incidents. Four statements whatever the number of services
 * (services, last-hour counts, sparkline counts, incident counts), run in parallel.
 */
@Injectable()
export class ServiceSummaries {
  constructor(
    private readonly logs: LogsRepository,
    private readonly counts: LogCountsRepository,
    private readonly incidents: IncidentStatsService,
    private readonly clock: Clock,
  ) {}

  async list(range: ActivityRange = '1h'): Promise<ServiceListDto> {
    const window = activityWindow(range, this.clock.now());
    return { data: await this.summaries(window), activity: windowDto(window) };
  }

  /** One service; 404 when it never sent logs. */
  async one(serviceId: string, range: ActivityRange = '1h'): Promise<ServiceDetailDto> {
    const window = activityWindow(range, this.clock.now());
    const [summary] = await this.summaries(window, serviceId);
    if (!summary) throw new NotFoundException(`No service ${serviceId}: it never sent logs`);
    return { data: summary, activity: windowDto(window) };
  }

  private async summaries(window: ActivityWindow, serviceId?: string): Promise<ServiceSummaryDto[]> {
    const since = new Date(window.to.getTime() - LAST_HOUR_MS);
    const [services, lastHourCounts, bucketCounts, unresolved] = await Promise.all([
      this.logs.listServices(serviceId),
      this.counts.countByServiceAndLevelSince(since, serviceId),
      this.counts.countByServiceBucketAndLevel({ intervalMs: window.intervalMs, from: window.from, to: window.to, serviceId }),
      this.incidents.unresolvedByService(serviceId),
    ]);
    const lastHour = new Map<string, LevelCounts>();
    for (const row of lastHourCounts) {
      const perLevel = lastHour.get(row.service_id) ?? emptyCounts();
      perLevel[row.level] += row.count;
      lastHour.set(row.service_id, perLevel);
    }
    const buckets = new Map<string, ServiceBucketCount[]>();
    for (const row of bucketCounts) {
      const rows = buckets.get(row.service_id);
      if (rows) rows.push(row);
      else buckets.set(row.service_id, [row]);
    }
    return services.map((service) => {
      const perLevel = lastHour.get(service.service_id) ?? emptyCounts();
      return {
        service_id: service.service_id,
        first_seen_at: service.first_seen_at.toISOString(),
        last_seen_at: service.last_seen_at.toISOString(),
        last_hour: perLevel,
        last_hour_total: Object.values(perLevel).reduce((sum, n) => sum + n, 0),
        activity: activitySeries(window, buckets.get(service.service_id) ?? []),
        unresolved_incidents: unresolved.get(service.service_id) ?? unresolvedSummary([]),
      };
    });
  }
}

const windowDto = (window: ActivityWindow): ActivityWindowDto => ({
  range: window.range,
  interval: window.interval,
  from: window.from.toISOString(),
  to: window.to.toISOString(),
  buckets: window.buckets,
});
