import { useEffect, useState } from 'react';
import type { Schemas } from '../../api/client';
import { EmptyState } from '../../components/empty-state';
import { LogTable } from './log-table';

type Log = Schemas['LogDto'];
type Status = 'connecting' | 'live' | 'reconnecting';

/** Newest first; older lines fall off so a busy service cannot grow the page without bound. */
const KEPT = 500;
const STATUS_TEXT: Record<Status, string> = {
  connecting: 'Connecting to the live tail',
  live: 'Live: new logs appear as they arrive',
  reconnecting: 'Live tail lost: reconnecting',
};

/**
 * New logs matching the search's filters (not its time range), as they arrive, over
 * `GET /logs/tail` (server-sent events). The session cookie authenticates the stream; the
 * browser reconnects by itself after a drop. Give it `key` = its filters, so a new search starts
 * a fresh list rather than mixing two streams.
 */
export function LiveTail({ query, onOpen }: { query: Record<string, string>; onOpen(id: string): void }) {
  const [logs, setLogs] = useState<Log[]>([]);
  const [skipped, setSkipped] = useState(0);
  const [status, setStatus] = useState<Status>('connecting');
  const url = `/logs/tail?${new URLSearchParams(query)}`;

  useEffect(() => {
    const source = new EventSource(url, { withCredentials: true });
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus('reconnecting');
    source.addEventListener('log', (event) => {
      const log = JSON.parse((event as MessageEvent<string>).data) as Log;
      setLogs((current) => [log, ...current].slice(0, KEPT));
    });
    source.addEventListener('skipped', (event) => {
      const { skipped: count } = JSON.parse((event as MessageEvent<string>).data) as Schemas['TailSkippedEventDto'];
      setSkipped((total) => total + count);
    });
    return () => source.close();
  }, [url]);

  return (
    <section aria-labelledby="live-tail-title">
      <h2 id="live-tail-title" className="visually-hidden">
        Live tail
      </h2>
      <p className={`live-indicator live-${status}`} role="status" aria-live="polite">
        <span className="live-dot" aria-hidden="true" />
        {STATUS_TEXT[status]}
        {skipped > 0 && ` (${skipped} logs skipped: they arrived faster than this page could read)`}
      </p>
      {logs.length === 0 ? (
        <EmptyState title="Waiting for new logs that match this search." />
      ) : (
        <LogTable logs={logs} caption="Live logs, newest first" onOpen={onOpen} />
      )}
    </section>
  );
}
