import { BadRequestException } from '@nestjs/common';
import type { TailLogsQueryDto } from '../dto/tail-logs.query';
import type { LogMatchFilters, MetadataFilter } from '../log-search';

/** The filter of a `GET /logs/tail` request; 400 for level with min_level, as `GET /logs` does. */
export function tailFilterOf(query: TailLogsQueryDto, metadata: MetadataFilter[]): LogMatchFilters {
  if (query.level !== undefined && query.min_level !== undefined) {
    throw new BadRequestException({
      message: 'Use level or min_level, not both',
      details: [{ field: 'min_level', errors: ['must not be given together with level'] }],
    });
  }
  return { serviceId: query.service_id, level: query.level, minLevel: query.min_level, q: query.q, metadata };
}

/** Two clients with the same filter share one column of the hub's read. */
export function filterKey(filter: LogMatchFilters): string {
  const metadata = filter.metadata.map((m) => [m.path.join('.'), m.value]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return JSON.stringify([filter.serviceId ?? null, filter.level ?? null, filter.minLevel ?? null, filter.q ?? null, metadata]);
}
