import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { DataTable, type Column } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { useSession } from '../../session/session-context';
import { FeedControls } from './feed-controls';
import { NextText, OnCallText } from './on-call-text';
import { ScheduleForm } from './schedule-form';
import './schedules.css';

type Summary = Schemas['ScheduleSummaryDto'];

const COLUMNS: Column<Summary>[] = [
  { header: 'Schedule', cell: (s) => <Link to={`/schedules/${s.id}`}>{s.name}</Link>, className: 'cell-grow' },
  { header: 'On call now', cell: (s) => <OnCallText onCall={s.on_call_now} /> },
  { header: 'Next', cell: (s) => <NextText next={s.next} /> },
];

/** Every schedule with who is on call now and next; my own-shifts calendar feed; a new schedule (ADMIN). */
export function SchedulesPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const list = api.useQuery('get', '/schedules');
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageTitle title="Schedules" />
      {list.isPending ? (
        <Loading label="Loading schedules" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title="No on-call schedules yet." />
      ) : (
        <DataTable caption="On-call schedules" columns={COLUMNS} rows={list.data} rowKey={(s) => s.id} />
      )}
      {can('schedule.write') &&
        (creating ? (
          <ScheduleForm onDone={(id) => void navigate(`/schedules/${id}`)} />
        ) : (
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New schedule
            </button>
          </div>
        ))}
      <FeedControls label="feed of my own shifts" />
    </>
  );
}
