import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '../common/clock';
import { LogDto, LogPageDto } from './dto/log.dto';
import type { LogStatsDto, LogStatsQueryDto } from './dto/log-stats.dto';
import { DEFAULT_SEARCH_LIMIT, type SearchLogsQueryDto } from './dto/search-logs.query';
import { decodeCursor, encodeCursor, isLogId, type MetadataFilter } from './log-search';
import { fillBuckets, STATS_INTERVALS, statsRange } from './log-stats';
import { LogCountsRepository } from './log-counts.repository';
import { LogsRepository } from './logs.repository';

const dateOf = (text: string | undefined) => (text === undefined ? undefined : new Date(text));

@Injectable()
export class LogsService {
  constructor(
    private readonly logs: LogsRepository,
    private readonly counts: LogCountsRepository,
    private readonly clock: Clock,
  ) {}

  async search(query: SearchLogsQueryDto, metadata: MetadataFilter[]): Promise<LogPageDto> {
    if (query.level !== undefined && query.min_level !== undefined) throw new BadRequestException('Use level or min_level, not both');
    const from = dateOf(query.from);
    const to = dateOf(query.to);
    if (from && to && from.getTime() >= to.getTime()) throw new BadRequestException('from must be before to');
    const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
    const rows = await this.logs.search({
      serviceId: query.service_id,
      level: query.level,
      minLevel: query.min_level,
      from,
      to,
      q: query.q,
      incidentId: query.incident_id,
      metadata,
      cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      limit,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((row) => LogDto.from(row)),
      next_cursor: rows.length > limit && last ? encodeCursor({ timestamp: last.timestamp, id: last.id }) : null,
    };
  }

  async findById(id: string): Promise<LogDto> {
    if (!isLogId(id))
      throw new BadRequestException({
        message: 'id must be a log id (a positive whole number)',
        details: [{ field: 'id', errors: ['must be a positive whole number'] }],
      });
    const row = await this.logs.findById(id);
    if (!row) throw new NotFoundException(`Log ${id} not found`);
    return LogDto.from(row);
  }

  async stats(query: LogStatsQueryDto): Promise<LogStatsDto> {
    const interval = query.interval ?? '1h';
    const intervalMs = STATS_INTERVALS[interval];
    const range = statsRange(interval, this.clock.now(), dateOf(query.from), dateOf(query.to));
    const rows = await this.counts.countByBucketAndLevel({ intervalMs, from: range.from, to: range.to, serviceId: query.service_id });
    return {
      interval,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      service_id: query.service_id ?? null,
      buckets: fillBuckets(range, intervalMs, rows).map((bucket) => ({
        start: bucket.start.toISOString(),
        total: bucket.total,
        counts: bucket.counts,
      })),
    };
  }
}
