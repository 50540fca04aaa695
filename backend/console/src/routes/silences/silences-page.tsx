import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, type Schemas } from '../../api/client';
import { ChoiceChips } from '../../components/choice-chips';
import { DataTable, type Column } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { RelativeTime } from '../../components/relative-time';
import { useSession } from '../../session/session-context';
import { SilenceForm } from './silence-form';
import './silences.css';

type Silence = Schemas['SilenceDto'];
type State = Silence['state'];

const STATES = [
  { value: 'active', label: 'Active' },
  { value: 'pending', label: 'Pending' },
  { value: 'expired', label: 'Expired' },
] as const satisfies readonly { value: State; label: string }[];

export function matchersText(silence: Silence): string {
  const { service_id, rule_id, min_severity, title_contains } = silence.matchers;
  return (
    [
      service_id && `service ${service_id}`,
      rule_id && `rule ${rule_id}`,
      min_severity && `${min_severity} or higher`,
      title_contains && `title contains "${title_contains}"`,
    ]
      .filter(Boolean)
      .join(', ') || '—'
  );
}

function ExpireButton({ silence }: { silence: Silence }) {
  const queryClient = useQueryClient();
  const expire = api.useMutation('post', '/silences/{id}/expire', {
    onSettled: () =>
      queryClient.invalidateQueries({
        predicate: (query) => ['/silences', '/incidents'].some((path) => String(query.queryKey[1]).startsWith(path)),
      }),
  });
  return (
    <>
      <button
        type="button"
        className="button button-small"
        disabled={expire.isPending}
        onClick={() => expire.mutate({ params: { path: { id: silence.id } } })}
      >
        Expire now <span className="visually-hidden">{silence.comment}</span>
      </button>
      {expire.error && (
        <span role="alert" className="form-error">
          {errorMessage(expire.error)}
        </span>
      )}
    </>
  );
}

function windowText(silence: Silence) {
  const window = silence.current_or_next_window;
  if (!window)
    return silence.expired_at ? (
      <>
        expired <RelativeTime value={silence.expired_at} />
      </>
    ) : (
      <>
        ended <RelativeTime value={silence.ends_at} />
      </>
    );
  return (
    <>
      <RelativeTime value={window.starts_at} /> – <RelativeTime value={window.ends_at} />
    </>
  );
}

/** Silences and maintenance windows: what is quiet now, what will be, what was; create and expire early. */
export function SilencesPage() {
  const { can } = useSession();
  const [state, setState] = useState<State>('active');
  const silences = api.useQuery('get', '/silences', { params: { query: { state } } });
  const columns: Column<Silence>[] = [
    { header: 'Comment', cell: (silence) => silence.comment, className: 'cell-grow' },
    { header: 'Matches', cell: matchersText },
    {
      header: 'Recurs',
      cell: (silence) =>
        silence.recurrence
          ? `${silence.recurrence.rrule} at ${silence.recurrence.start_time} ${silence.recurrence.time_zone}, ${silence.recurrence.duration_minutes} min`
          : 'once',
    },
    { header: state === 'active' ? 'Window' : state === 'pending' ? 'Next window' : 'Ended', cell: windowText },
    ...(can('silence.expire') && state !== 'expired'
      ? [{ header: 'Expire', cell: (silence: Silence) => <ExpireButton silence={silence} /> }]
      : []),
  ];
  return (
    <>
      <PageTitle title="Silences" />
      <p>Matching incidents still open and collect evidence; their notifications wait until the silence ends.</p>
      <ChoiceChips label="Show silences" choices={STATES} value={state} onChange={setState} />
      {silences.isPending ? (
        <Loading label="Loading silences" />
      ) : silences.error ? (
        <ErrorState error={silences.error} onRetry={() => void silences.refetch()} />
      ) : silences.data.length === 0 ? (
        <EmptyState title={`No ${state} silences.`} />
      ) : (
        <DataTable
          caption={`${STATES.find((s) => s.value === state)!.label} silences`}
          columns={columns}
          rows={silences.data}
          rowKey={(silence) => silence.id}
        />
      )}
      {can('silence.create') && <SilenceForm />}
    </>
  );
}
