import { api } from '../../api/client';
import { SEVERITIES, type IncidentFilters, type Severity } from './incident-filters';

/** How many incidents of the current tab and time window each severity has (the list's total of a one-row page). */
function useSeverityCount(filters: IncidentFilters, from: string | undefined, severity: Severity): number | undefined {
  const query = { status: filters.status, severity, service_id: filters.service, from, limit: 1 };
  return api.useQuery('get', '/incidents', { params: { query } }).data?.meta.total;
}

function SeverityToggle({
  filters,
  from,
  severity,
  onChange,
}: {
  filters: IncidentFilters;
  from?: string;
  severity: Severity;
  onChange(value?: Severity): void;
}) {
  const count = useSeverityCount(filters, from, severity);
  const pressed = filters.severity === severity;
  return (
    <button
      type="button"
      className={`chip severity-${severity.toLowerCase()}`}
      aria-pressed={pressed}
      onClick={() => onChange(pressed ? undefined : severity)}
    >
      {severity}
      <span className="chip-count">{count ?? '…'}</span>
    </button>
  );
}

/** Toggle buttons: one severity at a time, pressed again to show all. */
export function SeverityFilter({
  filters,
  from,
  onChange,
}: {
  filters: IncidentFilters;
  /** The time window's start, so the counts match the list. */
  from?: string;
  onChange(value?: Severity): void;
}) {
  return (
    <div role="group" aria-label="Severity" className="chips">
      {SEVERITIES.map((severity) => (
        <SeverityToggle key={severity} filters={filters} from={from} severity={severity} onChange={onChange} />
      ))}
    </div>
  );
}
