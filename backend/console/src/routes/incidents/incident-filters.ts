import type { Schemas } from '../../api/client';

export type Status = Schemas['IncidentDto']['status'];
export type Severity = Schemas['IncidentDto']['severity'];

export const STATUSES: { value: Status; label: string }[] = [
  { value: 'OPEN', label: 'Open' },
  { value: 'ACKNOWLEDGED', label: 'Acknowledged' },
  { value: 'RESOLVED', label: 'Resolved' },
];
export const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
export const PAGE_SIZE = 20;

/** The list's state lives in the URL (?status=&severity=&service=&page=): every view is a deep link. */
export interface IncidentFilters {
  status: Status;
  severity?: Severity;
  service?: string;
  page: number;
}

export function readFilters(params: URLSearchParams): IncidentFilters {
  const status = STATUSES.find((s) => s.value === params.get('status'))?.value ?? 'OPEN';
  const severity = SEVERITIES.find((s) => s === params.get('severity'));
  const service = params.get('service')?.trim() || undefined;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  return { status, severity, service, page };
}

export function writeFilters(filters: IncidentFilters): URLSearchParams {
  const params = new URLSearchParams({ status: filters.status });
  if (filters.severity) params.set('severity', filters.severity);
  if (filters.service) params.set('service', filters.service);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}
