import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { SecretOnce } from '../../components/secret-once';
import { invalidateSchedules } from './schedule-queries';

/**
 * Get or revoke my secret calendar URL: of one schedule (`scheduleId`) or of my own shifts.
 * A new URL replaces the old one; the URL is shown once.
 */
export function FeedControls({ scheduleId, label }: { scheduleId?: string; label: string }) {
  const queryClient = useQueryClient();
  const feeds = api.useQuery('get', '/calendar-feeds');
  const onSettled = () => invalidateSchedules(queryClient);
  const issueMine = api.useMutation('post', '/calendar-feeds/mine', { onSettled });
  const issueSchedule = api.useMutation('post', '/calendar-feeds/schedules/{id}', { onSettled });
  const revokeMine = api.useMutation('delete', '/calendar-feeds/mine', { onSettled });
  const revokeSchedule = api.useMutation('delete', '/calendar-feeds/schedules/{id}', { onSettled });
  const [url, setUrl] = useState<string>();
  const exists = feeds.data?.some((feed) => (feed.schedule_id ?? undefined) === scheduleId) ?? false;
  const error = issueMine.error ?? issueSchedule.error ?? revokeMine.error ?? revokeSchedule.error;
  const pending = issueMine.isPending || issueSchedule.isPending || revokeMine.isPending || revokeSchedule.isPending;

  function issue() {
    const onSuccess = (feed: { url: string }) => setUrl(feed.url);
    if (scheduleId) issueSchedule.mutate({ params: { path: { id: scheduleId } } }, { onSuccess });
    else issueMine.mutate({}, { onSuccess });
  }
  function revoke() {
    if (!window.confirm(`Revoke the ${label}? Calendars subscribed to it stop updating.`)) return;
    setUrl(undefined);
    if (scheduleId) revokeSchedule.mutate({ params: { path: { id: scheduleId } } });
    else revokeMine.mutate({});
  }

  return (
    <section className="feed-controls" aria-labelledby={`feed-${scheduleId ?? 'mine'}`}>
      <h2 id={`feed-${scheduleId ?? 'mine'}`}>Calendar feed</h2>
      <p className="field-hint">
        {exists
          ? `You have a ${label}. A new URL replaces it.`
          : `Subscribe to a ${label} from Google Calendar, Outlook or Apple Calendar.`}
      </p>
      {url && <SecretOnce title={`Your ${label}`} label="Subscription URL" value={url} onClose={() => setUrl(undefined)} />}
      <div className="form-actions">
        <button type="button" className="button" disabled={pending} onClick={issue}>
          {exists ? `New URL for the ${label}` : `Get a URL for the ${label}`}
        </button>{' '}
        {exists && (
          <button type="button" className="button" disabled={pending} onClick={revoke}>
            Revoke the {label}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
