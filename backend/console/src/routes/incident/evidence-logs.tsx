import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas } from '../../api/client';
import { DataTable, type Column } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { Pager } from '../../components/pager';
import { RelativeTime } from '../../components/relative-time';

type EvidenceLog = Schemas['EvidenceLogDto'];

// Enough to read a burst at a glance, small enough that the timeline below stays near.
const PAGE_SIZE = 20;

const COLUMNS: Column<EvidenceLog>[] = [
  { header: 'Time', cell: (log) => <RelativeTime value={log.timestamp} /> },
  { header: 'Level', cell: (log) => log.level ?? '—' },
  { header: 'Service', cell: (log) => log.service_id ?? '—' },
  // Retention may have removed the log itself; the link to the incident stays.
  { header: 'Message', cell: (log) => log.message ?? <em>removed by retention</em>, className: 'cell-grow' },
];

/** The logs linked to the incident, oldest first, paged. */
export function EvidenceLogs({ incidentId }: { incidentId: string }) {
  const [page, setPage] = useState(1);
  const logs = api.useQuery(
    'get',
    '/incidents/{id}/logs',
    { params: { path: { id: incidentId }, query: { page, limit: PAGE_SIZE } } },
    { placeholderData: keepPreviousData },
  );
  return (
    <section aria-labelledby="evidence-heading" className="panel">
      <h2 id="evidence-heading">Evidence logs</h2>
      {logs.isPending ? (
        <Loading label="Loading the evidence logs" />
      ) : logs.error ? (
        <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />
      ) : logs.data.data.length === 0 ? (
        <EmptyState title="No logs are linked to this incident." />
      ) : (
        <>
          <DataTable caption="Evidence logs" columns={COLUMNS} rows={logs.data.data} rowKey={(log) => log.id} />
          <Pager page={page} totalPages={logs.data.meta.totalPages} total={logs.data.meta.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}
