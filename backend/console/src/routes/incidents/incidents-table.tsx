import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { SeverityBadge, StatusBadge } from '../../components/badges';
import { DataTable, type Column } from '../../components/data-table';
import { RelativeTime } from '../../components/relative-time';
import { useSession } from '../../session/session-context';
import { AcknowledgeButton } from './acknowledge-button';

type Incident = Schemas['IncidentDto'];

const COLUMNS: Column<Incident>[] = [
  { header: 'Severity', cell: (incident) => <SeverityBadge severity={incident.severity} /> },
  { header: 'Title', cell: (incident) => <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>, className: 'cell-grow' },
  { header: 'Service', cell: (incident) => incident.service_id ?? '—' },
  { header: 'Status', cell: (incident) => <StatusBadge status={incident.status} /> },
  { header: 'Opened', cell: (incident) => <RelativeTime value={incident.created_at} /> },
  { header: 'Last seen', cell: (incident) => <RelativeTime value={incident.last_seen_at} /> },
  { header: 'Logs', cell: (incident) => incident.log_count, className: 'cell-number' },
];

const ACTIONS: Column<Incident> = {
  header: 'Actions',
  cell: (incident) => (incident.status === 'OPEN' ? <AcknowledgeButton incident={incident} /> : null),
};

export function IncidentsTable({ incidents, caption }: { incidents: Incident[]; caption: string }) {
  const { can } = useSession();
  // No actions column at all for roles that may not act: nothing to click that would be refused.
  const columns = can('incident.acknowledge') ? [...COLUMNS, ACTIONS] : COLUMNS;
  return <DataTable caption={caption} columns={columns} rows={incidents} rowKey={(incident) => incident.id} />;
}
