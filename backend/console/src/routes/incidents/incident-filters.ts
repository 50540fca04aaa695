import type { Schemas } from '../../api/client';
import type { paths } from '../../api/schema.gen';

export type Status = Schemas['IncidentDto']['status'];
export type Severity = Schemas['IncidentDto']['severity'];
export type IncidentSort = NonNullable<NonNullable<paths['/incidents']['get']['parameters']['query']>['sort']>;

export const STATUSES: { value: Status; label: string }[] = [
  { value: 'OPEN', label: 'Open' },
  { value: 'ACKNOWLEDGED', label: 'Acknowledged' },
  { value: 'RESOLVED', label: 'Resolved' },
];
export const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
export const PAGE_SIZE = 20;

/** The API's orders; the list's default (newest first) is left out of the URL. */
const SORTS: IncidentSort[] = [
  '-created_at',
  'created_at',
  '-severity',
  'severity',
  '-last_seen_at',
  'last_seen_at',
  '-log_count',
  'log_count',
];
export const DEFAULT_SORT: IncidentSort = '-created_at';

/** Quick picks of the time filter: incidents opened in the last this many hours. */
export const PERIODS = [
  { value: '24h', label: 'Last 24 hours', hours: 24 },
  { value: '7d', label: 'Last 7 days', hours: 7 * 24 },
  { value: '30d', label: 'Last 30 days', hours: 30 * 24 },
] as const;
export type Period = (typeof PERIODS)[number]['value'];

/** The list's state lives in the URL (?status=&severity=&service=&since=&sort=&page=): every view is a deep link. */
export interface IncidentFilters {
  status: Status;
  severity?: Severity;
  service?: string;
  since?: Period;
  sort: IncidentSort;
  page: number;
}

export function readFilters(params: URLSearchParams): IncidentFilters {
  const status = STATUSES.find((s) => s.value === params.get('status'))?.value ?? 'OPEN';
  const severity = SEVERITIES.find((s) => s === params.get('severity'));
  const service = params.get('service')?.trim() || undefined;
  const since = PERIODS.find((p) => p.value === params.get('since'))?.value;
  const sort = SORTS.find((s) => s === params.get('sort')) ?? DEFAULT_SORT;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  return { status, severity, service, since, sort, page };
}

export function writeFilters(filters: IncidentFilters): URLSearchParams {
  const params = new URLSearchParams({ status: filters.status });
  if (filters.severity) params.set('severity', filters.severity);
  if (filters.service) params.set('service', filters.service);
  if (filters.since) params.set('since', filters.since);
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/**
 * The API's `from` for a quick pick. Rounded down to the minute so the query (and its cache key)
 * stays the same across renders instead of changing every millisecond.
 */
export function periodStart(since: Period | undefined, now = Date.now()): string | undefined {
  const period = PERIODS.find((p) => p.value === since);
  if (!period) return undefined;
  const minute = Math.floor(now / 60_000) * 60_000;
  return new Date(minute - period.hours * 3_600_000).toISOString();
}

/** A click on a column header: that column, biggest/newest first; clicked again, the other way. */
export function nextSort(current: IncidentSort, key: string): IncidentSort {
  const descending = `-${key}` as IncidentSort;
  return current === descending ? (SORTS.find((s) => s === key) ?? DEFAULT_SORT) : descending;
}
