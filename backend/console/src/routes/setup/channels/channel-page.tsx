import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorMessage, type Schemas } from '../../../api/client';
import { channelDestination } from './channel-destination';
import { ErrorState } from '../../../components/error-state';
import { Loading } from '../../../components/loading';
import { PageTitle } from '../../../components/page-title';
import { ChannelEditor } from './channel-edit-form';
import { channelHealth } from './channels-page';
import { DeliveriesTable } from './deliveries-table';

type Channel = Schemas['NotificationChannelDto'];

const refreshChannels = (queryClient: ReturnType<typeof useQueryClient>) =>
  queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/notification-channels') });

/** Sends a test message now and says what the receiver answered (a test is not kept in the history). */
function TestButton({ channel }: { channel: Channel }) {
  const test = api.useMutation('post', '/notification-channels/{id}/test');
  const result = test.data;
  return (
    <div className="inline-form">
      <button
        type="button"
        className="button"
        disabled={test.isPending}
        onClick={() => test.mutate({ params: { path: { id: channel.id } } })}
      >
        {test.isPending ? 'Sending…' : 'Send a test'}
      </button>
      <p role="status">
        {test.error
          ? errorMessage(test.error)
          : result?.delivered
            ? `Test delivered (HTTP ${result.status_code}).`
            : result
              ? `Test failed: ${result.error ?? `HTTP ${result.status_code}`}.`
              : ''}
      </p>
    </div>
  );
}

function ChannelActions({ channel }: { channel: Channel }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const update = api.useMutation('patch', '/notification-channels/{id}', { onSettled: () => refreshChannels(queryClient) });
  const remove = api.useMutation('delete', '/notification-channels/{id}', {
    onSuccess: async () => {
      await refreshChannels(queryClient);
      await navigate('/setup/channels');
    },
  });
  const path = { id: channel.id };
  const error = update.error ?? remove.error;
  return (
    <div className="inline-form">
      <button
        type="button"
        className="button"
        disabled={update.isPending}
        onClick={() => update.mutate({ params: { path }, body: { enabled: !channel.enabled } })}
      >
        {channel.enabled ? 'Disable channel' : 'Enable channel'}
      </button>
      <button
        type="button"
        className="button"
        disabled={remove.isPending}
        onClick={() => window.confirm(`Delete "${channel.name}" and its delivery history?`) && remove.mutate({ params: { path } })}
      >
        Delete channel
      </button>
      {error && (
        <span role="alert" className="form-error">
          {errorMessage(error)}
        </span>
      )}
    </div>
  );
}

/** One channel: its settings (and a form to change them), a test message, and the history of its deliveries with status and attempts. */
export function ChannelPage() {
  const { id = '' } = useParams();
  const channel = api.useQuery('get', '/notification-channels/{id}', { params: { path: { id } } });
  if (channel.isPending) return <Loading label="Loading the channel" />;
  if (channel.error) return <ErrorState error={channel.error} onRetry={() => void channel.refetch()} />;
  const value = channel.data;
  return (
    <>
      <PageTitle title={value.name}>
        <Link to="/setup/channels">All channels</Link>
      </PageTitle>
      <dl className="detail-list">
        <dt>Type</dt>
        <dd>{value.type}</dd>
        <dt>Destination</dt>
        <dd>{channelDestination(value)}</dd>
        <dt>Events</dt>
        <dd>{value.events.join(', ')}</dd>
        <dt>Minimum severity</dt>
        <dd>{value.min_severity}</dd>
        <dt>Signed</dt>
        <dd>{value.has_secret ? 'Yes' : 'No'}</dd>
        <dt>State</dt>
        <dd>{channelHealth(value)}</dd>
      </dl>
      <div className="toolbar">
        <TestButton channel={value} />
        <ChannelActions channel={value} />
      </div>
      <ChannelEditor channel={value} />
      <h2>Delivery history</h2>
      <DeliveriesTable channelId={value.id} />
    </>
  );
}
