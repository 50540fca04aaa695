import { Link } from 'react-router';
import { api } from '../../api/client';
import { STATUSES, writeFilters, type IncidentFilters } from './incident-filters';

/** Open / Acknowledged / Resolved, with how many incidents each holds (all time). */
export function StatusTabs({ filters }: { filters: IncidentFilters }) {
  const stats = api.useQuery('get', '/incidents/stats');
  return (
    <nav aria-label="Incident status" className="tabs">
      {STATUSES.map(({ value, label }) => {
        const count = stats.data?.by_status[value];
        return (
          <Link
            key={value}
            to={{ search: writeFilters({ ...filters, status: value, page: 1 }).toString() }}
            className="tab"
            aria-current={filters.status === value ? 'page' : undefined}
          >
            {label}
            {count !== undefined && <span className="tab-count"> {count}</span>}
          </Link>
        );
      })}
    </nav>
  );
}
