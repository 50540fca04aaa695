import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Schemas } from '../../../api/client';
import { DataTable, type Column } from '../../../components/data-table';
import { EmptyState } from '../../../components/empty-state';
import { ErrorState } from '../../../components/error-state';
import { Loading } from '../../../components/loading';
import { PageTitle } from '../../../components/page-title';
import { RelativeTime } from '../../../components/relative-time';
import { SecretOnce } from '../../../components/secret-once';
import { channelDestination } from './channel-destination';
import { ChannelForm } from './channel-form';

type Channel = Schemas['NotificationChannelDto'];

export function channelHealth(channel: Channel) {
  if (!channel.enabled) return 'Disabled';
  if (channel.paused_until)
    return (
      <>
        Paused after {channel.consecutive_failures} failures, until <RelativeTime value={channel.paused_until} />
      </>
    );
  if (channel.consecutive_failures > 0) return `${channel.consecutive_failures} failures in a row`;
  return 'Healthy';
}

const COLUMNS: Column<Channel>[] = [
  { header: 'Name', cell: (channel) => <Link to={`/setup/channels/${channel.id}`}>{channel.name}</Link> },
  { header: 'Type', cell: (channel) => channel.type },
  { header: 'Destination', cell: (channel) => channelDestination(channel), className: 'cell-grow' },
  { header: 'Minimum severity', cell: (channel) => channel.min_severity },
  { header: 'State', cell: channelHealth },
];

/** Where incident notifications go; each channel opens its test button and delivery history. */
export function ChannelsPage() {
  const channels = api.useQuery('get', '/notification-channels');
  const [created, setCreated] = useState<Schemas['NotificationChannelWithSecretDto']>();
  return (
    <>
      <PageTitle title="Notification channels" />
      {created?.secret && (
        <SecretOnce
          title={`Signing secret of ${created.name}`}
          label="Webhook signing secret"
          value={created.secret}
          onClose={() => setCreated(undefined)}
        />
      )}
      {channels.isPending ? (
        <Loading label="Loading notification channels" />
      ) : channels.error ? (
        <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
      ) : channels.data.length === 0 ? (
        <EmptyState title="No notification channels: incidents notify nobody yet." />
      ) : (
        <DataTable caption="Notification channels" columns={COLUMNS} rows={channels.data} rowKey={(channel) => channel.id} />
      )}
      <ChannelForm onSecret={setCreated} />
    </>
  );
}
