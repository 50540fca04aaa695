import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { SeverityBadge, StatusBadge } from '../../components/badges';
import { DataTable, type Column, type Sort } from '../../components/data-table';
import { RelativeTime } from '../../components/relative-time';
import { useSession } from '../../session/session-context';
import { AcknowledgeButton } from './acknowledge-button';
import type { IncidentSort } from './incident-filters';
import { incidentSourceName } from '../../components/incident-source';

type Incident = Schemas['IncidentDto'];

const COLUMNS: Column<Incident>[] = [
  { header: 'Severity', sortKey: 'severity', cell: (incident) => <SeverityBadge severity={incident.severity} /> },
  { header: 'Title', cell: (incident) => <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>, className: 'cell-grow' },
  { header: 'Service', cell: (incident) => incident.service_id ?? '—' },
  { header: 'Source', cell: (incident) => incidentSourceName(incident.source) },
  { header: 'Status', cell: (incident) => <StatusBadge status={incident.status} /> },
  { header: 'Opened', sortKey: 'created_at', cell: (incident) => <RelativeTime value={incident.created_at} /> },
  { header: 'Last seen', sortKey: 'last_seen_at', cell: (incident) => <RelativeTime value={incident.last_seen_at} /> },
  { header: 'Logs', sortKey: 'log_count', cell: (incident) => incident.log_count, className: 'cell-number' },
];

const ACTIONS: Column<Incident> = {
  header: 'Actions',
  cell: (incident) => (incident.status === 'OPEN' ? <AcknowledgeButton incident={incident} /> : null),
};

/** The API's `-severity` as the table's aria-sort. */
function tableSort(sort: IncidentSort): Sort {
  return sort.startsWith('-') ? { key: sort.slice(1), direction: 'descending' } : { key: sort, direction: 'ascending' };
}

export function IncidentsTable({
  incidents,
  caption,
  sort,
  onSort,
}: {
  incidents: Incident[];
  caption: string;
  /** Without these (e.g. a service's recent incidents) the headers are plain text. */
  sort?: IncidentSort;
  onSort?(key: string): void;
}) {
  const { can } = useSession();
  // No actions column at all for roles that may not act: nothing to click that would be refused.
  const columns = can('incident.acknowledge') ? [...COLUMNS, ACTIONS] : COLUMNS;
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={incidents}
      rowKey={(incident) => incident.id}
      sort={sort && tableSort(sort)}
      onSort={onSort}
    />
  );
}
