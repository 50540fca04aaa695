import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import type { paths } from '../../../api/schema.gen';
import { DataTable, type Column } from '../../../components/data-table';
import { EmptyState } from '../../../components/empty-state';
import { ErrorState } from '../../../components/error-state';
import { Loading } from '../../../components/loading';
import { PageTitle } from '../../../components/page-title';
import { RelativeTime } from '../../../components/relative-time';
import { AuditChanges } from './audit-changes';

type Entry = Schemas['AuditEventDto'];
type Query = NonNullable<paths['/audit-events']['get']['parameters']['query']>;

const TARGET_TYPES = [
  'user',
  'session',
  'api_key',
  'detection_rule',
  'notification_channel',
  'silence',
  'schedule',
  'escalation_policy',
  'contact_method',
  'settings',
];
const PAGE_SIZE = 50;

const actor = (entry: Entry) =>
  entry.actor_type === 'user' ? (entry.actor_label ?? entry.actor_id) : `${entry.actor_type.replace('_', ' ')} ${entry.actor_label ?? ''}`;

const COLUMNS: Column<Entry>[] = [
  { header: 'When', cell: (entry) => <RelativeTime value={entry.occurred_at} /> },
  { header: 'Who', cell: actor },
  { header: 'Action', cell: (entry) => <code>{entry.action}</code> },
  { header: 'Target', cell: (entry) => (entry.target_id ? `${entry.target_type} ${entry.target_id.slice(0, 8)}` : entry.target_type) },
  { header: 'Changes', cell: (entry) => <AuditChanges before={entry.before} after={entry.after} />, className: 'cell-grow' },
  { header: 'From', cell: (entry) => entry.address ?? '—' },
  { header: 'Request', cell: (entry) => <code title={entry.request_id ?? undefined}>{entry.request_id?.slice(0, 8) ?? '—'}</code> },
];

/** Who changed what (ADMIN): filters, newest first, older pages by cursor. Read-only: the trail cannot be edited. */
export function AuditPage() {
  const [filters, setFilters] = useState<{ action?: string; target_type?: string }>({});
  // Cursors of the pages shown so far: the last one is the current page's.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const query: Query = { ...filters, limit: PAGE_SIZE, cursor: cursors[cursors.length - 1] };
  const entries = api.useQuery('get', '/audit-events', { params: { query } });

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setFilters({ action: value('action'), target_type: value('target_type') });
    setCursors([undefined]);
  }

  return (
    <>
      <PageTitle title="Audit trail" />
      <form className="inline-form toolbar" role="search" aria-label="Filter the audit trail" onSubmit={applyFilters}>
        <label>
          Action
          <input name="action" placeholder="user.role_changed" defaultValue={filters.action} />
        </label>
        <label>
          Target
          <select name="target_type" defaultValue={filters.target_type ?? ''}>
            <option value="">Any</option>
            {TARGET_TYPES.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      {entries.isPending ? (
        <Loading label="Loading the audit trail" />
      ) : entries.error ? (
        <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />
      ) : entries.data.items.length === 0 ? (
        <EmptyState title="No audit entries">Nothing matches these filters.</EmptyState>
      ) : (
        <DataTable caption="Audit entries, newest first" columns={COLUMNS} rows={entries.data.items} rowKey={(entry) => entry.id} />
      )}
      <nav className="pager" aria-label="Audit pages">
        <button type="button" className="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer entries
        </button>
        <button
          type="button"
          className="button"
          disabled={!entries.data?.next_cursor}
          onClick={() => setCursors([...cursors, entries.data!.next_cursor!])}
        >
          Older entries
        </button>
      </nav>
    </>
  );
}
