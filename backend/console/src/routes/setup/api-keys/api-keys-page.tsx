import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, type Schemas } from '../../../api/client';
import { DataTable, type Column } from '../../../components/data-table';
import { EmptyState } from '../../../components/empty-state';
import { ErrorState } from '../../../components/error-state';
import { Loading } from '../../../components/loading';
import { PageTitle } from '../../../components/page-title';
import { RelativeTime } from '../../../components/relative-time';
import { SecretOnce } from '../../../components/secret-once';
import { ApiKeyForm } from './api-key-form';

type ApiKey = Schemas['ApiKeyResponse'];

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const queryClient = useQueryClient();
  const revoke = api.useMutation('delete', '/api-keys/{id}', {
    onSettled: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/api-keys') }),
  });
  if (apiKey.revoked_at) return <RelativeTime value={apiKey.revoked_at} />;
  return (
    <>
      <button
        type="button"
        className="button button-small"
        disabled={revoke.isPending}
        onClick={() =>
          window.confirm(`Revoke "${apiKey.name}"? Senders using it are refused at once.`) &&
          revoke.mutate({ params: { path: { id: apiKey.id } } })
        }
      >
        Revoke <span className="visually-hidden">{apiKey.name}</span>
      </button>
      {revoke.error && (
        <span role="alert" className="form-error">
          {errorMessage(revoke.error)}
        </span>
      )}
    </>
  );
}

const COLUMNS: Column<ApiKey>[] = [
  { header: 'Name', cell: (key) => key.name, className: 'cell-grow' },
  { header: 'Starts with', cell: (key) => <code>{key.prefix}…</code> },
  { header: 'Service', cell: (key) => key.service_id ?? 'Any' },
  { header: 'Scopes', cell: (key) => key.scopes.join(', ') },
  { header: 'Expires', cell: (key) => <RelativeTime value={key.expires_at} fallback="Never" /> },
  { header: 'Created', cell: (key) => <RelativeTime value={key.created_at} /> },
  { header: 'Last used', cell: (key) => <RelativeTime value={key.last_used_at} fallback="Never" /> },
  { header: 'Revoked', cell: (key) => <RevokeButton apiKey={key} /> },
];

/** The keys services send logs and tools send alerts with: listed by prefix only; a new key is shown once. */
export function ApiKeysPage() {
  const keys = api.useQuery('get', '/api-keys');
  const [created, setCreated] = useState<Schemas['CreatedApiKeyResponse']>();
  return (
    <>
      <PageTitle title="API keys" />
      {created && (
        <SecretOnce title={`API key "${created.name}" created`} label="API key" value={created.key} onClose={() => setCreated(undefined)} />
      )}
      {keys.isPending ? (
        <Loading label="Loading API keys" />
      ) : keys.error ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys: no service can send logs yet." />
      ) : (
        <DataTable caption="API keys" columns={COLUMNS} rows={keys.data} rowKey={(key) => key.id} />
      )}
      <ApiKeyForm onCreated={setCreated} />
    </>
  );
}
