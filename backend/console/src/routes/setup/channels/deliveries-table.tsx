import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Schemas } from '../../../api/client';
import { DataTable, type Column } from '../../../components/data-table';
import { EmptyState } from '../../../components/empty-state';
import { ErrorState } from '../../../components/error-state';
import { Loading } from '../../../components/loading';
import { Pager } from '../../../components/pager';
import { RelativeTime } from '../../../components/relative-time';

type Delivery = Schemas['NotificationDeliveryDto'];

const PAGE_SIZE = 20;
// Deliveries are retried in the background and have no live event: a slow poll keeps the
// history current while someone watches it (one small indexed query per channel page).
const REFRESH_MS = 5_000;

const COLUMNS: Column<Delivery>[] = [
  { header: 'Created', cell: (delivery) => <RelativeTime value={delivery.created_at} /> },
  { header: 'Event', cell: (delivery) => delivery.event_type },
  {
    header: 'Incident',
    cell: (delivery) => (delivery.incident_id ? <Link to={`/incidents/${delivery.incident_id}`}>Open the incident</Link> : '—'),
  },
  { header: 'Status', cell: (delivery) => delivery.status },
  { header: 'Attempts', cell: (delivery) => delivery.attempts, className: 'cell-number' },
  {
    header: 'Last result',
    className: 'cell-grow',
    cell: (delivery) => delivery.last_error ?? (delivery.last_status_code ? `HTTP ${delivery.last_status_code}` : '—'),
  },
  {
    header: 'Next attempt',
    cell: (delivery) => (delivery.status === 'PENDING' ? <RelativeTime value={delivery.next_attempt_at} /> : '—'),
  },
];

/** The channel's deliveries of real incident events, newest first, paged. */
export function DeliveriesTable({ channelId }: { channelId: string }) {
  const [page, setPage] = useState(1);
  const deliveries = api.useQuery(
    'get',
    '/notification-channels/{id}/deliveries',
    { params: { path: { id: channelId }, query: { page, page_size: PAGE_SIZE } } },
    { placeholderData: keepPreviousData, refetchInterval: REFRESH_MS },
  );
  if (deliveries.isPending) return <Loading label="Loading deliveries" />;
  if (deliveries.error) return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  const { items, total } = deliveries.data;
  if (items.length === 0) return <EmptyState title="No deliveries yet: they appear when an incident event matches this channel." />;
  return (
    <>
      <DataTable caption="Delivery history" columns={COLUMNS} rows={items} rowKey={(delivery) => delivery.id} />
      <Pager page={page} totalPages={Math.ceil(total / PAGE_SIZE)} total={total} onPage={setPage} />
    </>
  );
}
