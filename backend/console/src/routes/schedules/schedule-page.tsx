import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, errorMessage, type Schemas } from '../../api/client';
import { DataTable, type Column } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { useSession } from '../../session/session-context';
import { FeedControls } from './feed-controls';
import { NextText, OnCallText } from './on-call-text';
import { OverrideForm } from './override-form';
import { ScheduleForm } from './schedule-form';
import { invalidateSchedules } from './schedule-queries';
import { ShiftTime } from './shift-time';
import './schedules.css';

const ROTATION_TEXT = { DAILY: 'Daily', WEEKLY: 'Weekly', HOURS: 'Every N hours' } as const;

function rotationText(layer: Schemas['LayerDto']) {
  const every = layer.rotation === 'HOURS' ? `Every ${layer.rotation_hours} h` : ROTATION_TEXT[layer.rotation];
  return `${every}, hand-off ${layer.handoff_time} ${layer.time_zone}, from ${layer.start_date}`;
}

const SHIFT_COLUMNS: Column<Schemas['ShiftDto']>[] = [
  { header: 'Who', cell: (s) => s.user.email, className: 'cell-grow' },
  { header: 'From', cell: (s) => <ShiftTime value={s.starts_at} /> },
  { header: 'Until', cell: (s) => <ShiftTime value={s.ends_at} /> },
];

function RemoveOverride({ scheduleId, override }: { scheduleId: string; override: Schemas['OverrideDto'] }) {
  const queryClient = useQueryClient();
  const remove = api.useMutation('delete', '/schedules/{id}/overrides/{overrideId}', { onSettled: () => invalidateSchedules(queryClient) });
  return (
    <>
      <button
        type="button"
        className="button button-small"
        disabled={remove.isPending}
        onClick={() => remove.mutate({ params: { path: { id: scheduleId, overrideId: override.id } } })}
      >
        Remove <span className="visually-hidden">override of {override.user.email}</span>
      </button>
      {remove.error && (
        <span role="alert" className="form-error">
          {errorMessage(remove.error)}
        </span>
      )}
    </>
  );
}

/** One schedule: who is on call now and next, its layers and overrides, the next two weeks' shifts. */
export function SchedulePage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const schedule = api.useQuery('get', '/schedules/{id}', { params: { path: { id } } });
  const shifts = api.useQuery('get', '/schedules/{id}/shifts', { params: { path: { id } } });
  const [editing, setEditing] = useState(false);
  if (schedule.isPending) return <Loading label="Loading the schedule" />;
  if (schedule.error) return <ErrorState error={schedule.error} onRetry={() => void schedule.refetch()} />;
  const s = schedule.data;
  const writer = can('schedule.write');
  const overrideColumns: Column<Schemas['OverrideDto']>[] = [
    { header: 'Who', cell: (o) => o.user.email, className: 'cell-grow' },
    { header: 'From', cell: (o) => <ShiftTime value={o.starts_at} /> },
    { header: 'Until', cell: (o) => <ShiftTime value={o.ends_at} /> },
    ...(writer ? [{ header: 'Remove', cell: (o: Schemas['OverrideDto']) => <RemoveOverride scheduleId={s.id} override={o} /> }] : []),
  ];
  return (
    <>
      <PageTitle title={s.name} />
      {s.description && <p>{s.description}</p>}
      <dl className="on-call-facts">
        <dt>On call now</dt>
        <dd>
          <OnCallText onCall={s.on_call_now} />
        </dd>
        <dt>Next</dt>
        <dd>
          <NextText next={s.next} />
        </dd>
      </dl>
      <h2>Layers</h2>
      {s.layers.length === 0 ? (
        <EmptyState title="No layers: only overrides put someone on call." />
      ) : (
        <ol className="layer-list">
          {s.layers.map((layer) => (
            <li key={layer.id}>
              <strong>{layer.name}</strong>: {rotationText(layer)}. Turns:{' '}
              {layer.participants.map((p) => p.email + (p.active ? '' : ' (deactivated)')).join(', ')}
            </li>
          ))}
        </ol>
      )}
      <h2>Overrides</h2>
      {s.overrides.length === 0 ? (
        <EmptyState title="No current or upcoming overrides." />
      ) : (
        <DataTable caption="Overrides" columns={overrideColumns} rows={s.overrides} rowKey={(o) => o.id} />
      )}
      {writer && <OverrideForm scheduleId={s.id} />}
      <h2>Next 14 days</h2>
      {shifts.isPending ? (
        <Loading label="Loading shifts" />
      ) : shifts.error ? (
        <ErrorState error={shifts.error} onRetry={() => void shifts.refetch()} />
      ) : shifts.data.length === 0 ? (
        <EmptyState title="Nobody is on call in the next 14 days." />
      ) : (
        <DataTable caption="Upcoming shifts" columns={SHIFT_COLUMNS} rows={shifts.data} rowKey={(x) => x.starts_at} />
      )}
      {writer &&
        (editing ? (
          <ScheduleForm schedule={s} onDone={() => setEditing(false)} />
        ) : (
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit schedule
            </button>{' '}
            <DeleteSchedule id={s.id} name={s.name} onDeleted={() => void navigate('/schedules')} />
          </div>
        ))}
      <FeedControls scheduleId={s.id} label="feed of this schedule" />
    </>
  );
}

function DeleteSchedule({ id, name, onDeleted }: { id: string; name: string; onDeleted(): void }) {
  const queryClient = useQueryClient();
  const remove = api.useMutation('delete', '/schedules/{id}', { onSuccess: () => void invalidateSchedules(queryClient).then(onDeleted) });
  return (
    <button
      type="button"
      className="button"
      disabled={remove.isPending}
      onClick={() => window.confirm(`Delete the schedule "${name}"?`) && remove.mutate({ params: { path: { id } } })}
    >
      Delete schedule
    </button>
  );
}
