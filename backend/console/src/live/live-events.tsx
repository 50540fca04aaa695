import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ME_KEY } from '../session/require-session';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

// The event types of GET /events (see the API docs); each is a named SSE event.
const INCIDENT_EVENTS = [
  'incident.opened',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.severity_changed',
  'incident.comment_added',
  'incident.assigned',
  'incident.updated',
  'incident.escalated',
];
// Bursts of events (a detection round opening many incidents) become one refetch.
const INVALIDATE_AFTER_MS = 250;
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

const LiveStatusContext = createContext<LiveStatus>('connecting');

export const useLiveStatus = () => useContext(LiveStatusContext);

/** Every query under /incidents (lists, stats, one incident, its timeline) may have changed. */
function invalidateIncidents(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/incidents') });
}

/**
 * Subscribes to GET /events with the session cookie (same origin: nothing in the URL) and
 * refreshes the TanStack Query cache when incidents change. EventSource retries a dropped
 * stream by itself (resuming with Last-Event-ID); when it gives up (the server answered an
 * error, e.g. 401), we re-check the session and open a new stream with a growing delay,
 * then refetch everything the missed events may have changed.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let missedEvents = false;
    let closed = false;

    const scheduleInvalidate = () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        void invalidateIncidents(queryClient);
      }, INVALIDATE_AFTER_MS);
    };

    const connect = () => {
      source = new EventSource('/events');
      source.onopen = () => {
        failures = 0;
        setStatus('live');
        if (missedEvents) scheduleInvalidate();
        missedEvents = false;
      };
      source.onerror = () => {
        missedEvents = true;
        setStatus('reconnecting');
        if (source?.readyState !== EventSource.CLOSED || closed) return;
        // Given up: perhaps the session ended (a 401 there sends the user to sign-in).
        void queryClient.invalidateQueries({ queryKey: ME_KEY });
        const delay = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)];
        retry = setTimeout(connect, delay);
      };
      for (const type of INCIDENT_EVENTS) source.addEventListener(type, scheduleInvalidate);
    };

    const reconnectNow = () => {
      if (source?.readyState !== EventSource.CLOSED) return;
      clearTimeout(retry);
      connect();
    };

    connect();
    window.addEventListener('online', reconnectNow);
    return () => {
      closed = true;
      window.removeEventListener('online', reconnectNow);
      clearTimeout(retry);
      clearTimeout(pending);
      source?.close();
    };
  }, [queryClient]);

  return <LiveStatusContext.Provider value={status}>{children}</LiveStatusContext.Provider>;
}
