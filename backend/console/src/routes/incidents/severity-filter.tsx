import { api } from '../../api/client';
import { SEVERITIES, type IncidentFilters, type Severity } from './incident-filters';

/** How many incidents of the current tab each severity has (the list's total of a one-row page). */
function useSeverityCount(filters: IncidentFilters, severity: Severity): number | undefined {
  const query = { status: filters.status, severity, service_id: filters.service, limit: 1 };
  return api.useQuery('get', '/incidents', { params: { query } }).data?.meta.total;
}

function SeverityToggle({
  filters,
  severity,
  onChange,
}: {
  filters: IncidentFilters;
  severity: Severity;
  onChange(value?: Severity): void;
}) {
  const count = useSeverityCount(filters, severity);
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
export function SeverityFilter({ filters, onChange }: { filters: IncidentFilters; onChange(value?: Severity): void }) {
  return (
    <div role="group" aria-label="Severity" className="chips">
      {SEVERITIES.map((severity) => (
        <SeverityToggle key={severity} filters={filters} severity={severity} onChange={onChange} />
      ))}
    </div>
  );
}
