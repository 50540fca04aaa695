import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { DataTable, type Column } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { appliesTo, stepsSummary, type Policy } from './policy-draft';
import { PolicyForm } from './policy-form';
import './escalation-policies.css';

/** Escalation policies (ADMIN): who gets paged, in which order, until someone acknowledges. */
export function EscalationPoliciesPage() {
  const policies = api.useQuery('get', '/escalation-policies');
  const [editing, setEditing] = useState<Policy>();
  const queryClient = useQueryClient();
  const remove = api.useMutation('delete', '/escalation-policies/{id}', {
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/escalation-policies') }),
  });

  const columns: Column<Policy>[] = [
    { header: 'Name', cell: (policy) => policy.name },
    { header: 'Steps', cell: stepsSummary },
    { header: 'Repeats', cell: (policy) => policy.repeat_count },
    { header: 'Ack timeout', cell: (policy) => (policy.ack_timeout_minutes ? `${policy.ack_timeout_minutes} min` : 'none') },
    { header: 'Applies to', cell: appliesTo, className: 'cell-grow' },
    {
      header: 'Actions',
      cell: (policy) => (
        <>
          <button type="button" className="button" onClick={() => setEditing(policy)}>
            Edit {policy.name}
          </button>{' '}
          <button type="button" className="button" onClick={() => remove.mutate({ params: { path: { id: policy.id } } })}>
            Delete {policy.name}
          </button>
        </>
      ),
    },
  ];

  return (
    <>
      <PageTitle title="Escalation policies" />
      <p>An incident that nobody acknowledges pages each step in turn. Acknowledging or resolving stops it; reopening starts it again.</p>
      {policies.isPending ? (
        <Loading label="Loading escalation policies" />
      ) : policies.error ? (
        <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />
      ) : policies.data.length === 0 ? (
        <EmptyState title="No escalation policies: incidents page nobody yet." />
      ) : (
        <DataTable caption="Escalation policies" columns={columns} rows={policies.data} rowKey={(policy) => policy.id} />
      )}
      {editing ? (
        <PolicyForm key={editing.id} policy={editing} onDone={() => setEditing(undefined)} />
      ) : (
        <PolicyForm onDone={() => undefined} />
      )}
    </>
  );
}
