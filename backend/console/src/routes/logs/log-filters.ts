import type { Schemas } from '../../api/client';

export type Level = Schemas['LogDto']['level'];
export const LEVELS: Level[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** Quick picks, newest first; the span each covers back from now. */
export const QUICK_RANGES = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
] as const;
export type QuickRange = (typeof QUICK_RANGES)[number]['value'];

/**
 * The search's state lives in the URL (every view is a deep link): ?service=&level=|min_level=&q=
 * &range= (a quick pick) or &from=&to= (absolute ISO times), metadata.<key>=<value> exactly as
 * the API spells them, &log= (the log whose detail is open) and &live=1 (live tail).
 */
export interface LogFilters {
  service?: string;
  level?: Level;
  minLevel?: Level;
  q?: string;
  range: QuickRange;
  from?: string;
  to?: string;
  metadata: [string, string][];
  log?: string;
  live: boolean;
}

const METADATA_PREFIX = 'metadata.';

const isoOrUndefined = (value: string | null) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined);
const levelOf = (value: string | null) => LEVELS.find((level) => level === value?.toUpperCase());

export function readFilters(params: URLSearchParams): LogFilters {
  const metadata: [string, string][] = [];
  for (const [name, value] of params) {
    if (name.startsWith(METADATA_PREFIX) && name.length > METADATA_PREFIX.length)
      metadata.push([name.slice(METADATA_PREFIX.length), value]);
  }
  const from = isoOrUndefined(params.get('from'));
  const to = isoOrUndefined(params.get('to'));
  return {
    service: params.get('service')?.trim() || undefined,
    level: levelOf(params.get('level')),
    minLevel: levelOf(params.get('min_level')),
    q: params.get('q')?.trim() || undefined,
    range: QUICK_RANGES.find((r) => r.value === params.get('range'))?.value ?? '1h',
    // An absolute range needs both ends; half of one falls back to the quick pick.
    from: from && to ? from : undefined,
    to: from && to ? to : undefined,
    metadata,
    log: params.get('log') ?? undefined,
    live: params.get('live') === '1',
  };
}

export function writeFilters(filters: LogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.service) params.set('service', filters.service);
  if (filters.level) params.set('level', filters.level);
  else if (filters.minLevel) params.set('min_level', filters.minLevel);
  if (filters.q) params.set('q', filters.q);
  if (filters.from && filters.to) {
    params.set('from', filters.from);
    params.set('to', filters.to);
  } else if (filters.range !== '1h') params.set('range', filters.range);
  for (const [key, value] of filters.metadata) params.append(METADATA_PREFIX + key, value);
  if (filters.log) params.set('log', filters.log);
  if (filters.live) params.set('live', '1');
  return params;
}

/** "env=prod region=eu" <-> [['env','prod'],['region','eu']]: what the metadata field shows and reads. */
export function parseMetadata(text: string): [string, string][] {
  return text
    .split(/\s+/)
    .map((pair) =>
      pair.indexOf('=') > 0 ? ([pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as [string, string]) : null,
    )
    .filter((pair): pair is [string, string] => pair !== null);
}
export const formatMetadata = (pairs: [string, string][]) => pairs.map(([key, value]) => `${key}=${value}`).join(' ');

/** The filters every log endpoint shares (search, tail, patterns), as API query parameters. */
export function filterQuery(filters: LogFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.service) query.service_id = filters.service;
  if (filters.level) query.level = filters.level;
  else if (filters.minLevel) query.min_level = filters.minLevel;
  if (filters.q) query.q = filters.q;
  for (const [key, value] of filters.metadata) query[METADATA_PREFIX + key] = value;
  return query;
}

export interface TimeRange {
  from: string;
  to: string;
}

/** The absolute range a search covers: the URL's, or the quick pick back from `now`. */
export function resolveRange(filters: LogFilters, now: number): TimeRange {
  if (filters.from && filters.to) return { from: filters.from, to: filters.to };
  const span = QUICK_RANGES.find((r) => r.value === filters.range)!.ms;
  return { from: new Date(now - span).toISOString(), to: new Date(now).toISOString() };
}

/** Histogram buckets: the finest interval that keeps the bars countable (at most ~170 of them). */
export function statsInterval(range: TimeRange): '1m' | '5m' | '1h' | '1d' {
  const span = Date.parse(range.to) - Date.parse(range.from);
  if (span <= 2 * 3_600_000) return '1m';
  if (span <= 12 * 3_600_000) return '5m';
  if (span <= 7 * 86_400_000) return '1h';
  return '1d';
}
