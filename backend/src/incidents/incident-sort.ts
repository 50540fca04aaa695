/**
 * The orders `GET /incidents` offers: a whitelist, so only these fixed SQL fragments ever reach
 * ORDER BY. A leading `-` means descending. Severity sorts by the enum's declared order
 * (LOW < MEDIUM < HIGH < CRITICAL). `last_seen_at` is empty for incidents opened by hand: they
 * go last in both directions. Every order ends on the id so paging never repeats or skips a row
 * whose sort value ties with another's.
 */
export const INCIDENT_SORTS = [
  '-created_at',
  'created_at',
  '-severity',
  'severity',
  '-last_seen_at',
  'last_seen_at',
  '-log_count',
  'log_count',
] as const;

export type IncidentSort = (typeof INCIDENT_SORTS)[number];

export const DEFAULT_INCIDENT_SORT: IncidentSort = '-created_at';

const COLUMNS: Record<string, string> = {
  created_at: 'i.created_at',
  severity: 'i.severity',
  last_seen_at: 'i.last_seen_at',
  log_count: 'i.log_count',
};

/** The ORDER BY list of a sort from the whitelist. */
export function incidentOrderBy(sort: IncidentSort): string {
  const descending = sort.startsWith('-');
  const direction = descending ? 'DESC' : 'ASC';
  const column = COLUMNS[descending ? sort.slice(1) : sort]!;
  const nulls = column === 'i.last_seen_at' ? ' NULLS LAST' : '';
  // Within one severity or count, the newest incident first: what someone scanning the list expects.
  const within = column === 'i.created_at' ? '' : ', i.created_at DESC';
  return `${column} ${direction}${nulls}${within}, i.id ${direction}`;
}
