import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas } from '../../api/client';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { Pager } from '../../components/pager';
import { useSession } from '../../session/session-context';
import { CommentForm } from './comment-form';
import { TimelineEntry } from './timeline-entry';

const PAGE_SIZE = 50;

/**
 * The append-only trail, oldest first as the API gives it. Until the reader pages, it shows the
 * last page (from the incident's timeline_count), so a new entry, live or one's own, is in view.
 */
export function IncidentTimeline({ incident }: { incident: Schemas['IncidentDetailDto'] }) {
  const { can } = useSession();
  const [chosenPage, setPage] = useState<number>();
  const lastPage = Math.max(1, Math.ceil(incident.timeline_count / PAGE_SIZE));
  const page = Math.min(chosenPage ?? lastPage, lastPage);
  const timeline = api.useQuery(
    'get',
    '/incidents/{id}/timeline',
    { params: { path: { id: incident.id }, query: { page, limit: PAGE_SIZE } } },
    { placeholderData: keepPreviousData },
  );

  return (
    <section aria-labelledby="timeline-heading" className="panel">
      <h2 id="timeline-heading">Timeline</h2>
      {timeline.isPending ? (
        <Loading label="Loading the timeline" />
      ) : timeline.error ? (
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : (
        <>
          <ol className="timeline" aria-label="Timeline">
            {timeline.data.data.map((entry) => (
              <TimelineEntry key={entry.id} entry={entry} />
            ))}
          </ol>
          <Pager page={page} totalPages={timeline.data.meta.totalPages} total={timeline.data.meta.total} onPage={setPage} />
        </>
      )}
      {can('incident.comment') && <CommentForm incidentId={incident.id} />}
    </section>
  );
}
