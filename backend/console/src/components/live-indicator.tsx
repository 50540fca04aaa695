import { useLiveStatus } from '../live/live-events';

const TEXT = {
  connecting: 'Connecting to live updates',
  live: 'Live',
  reconnecting: 'Live updates lost: reconnecting',
} as const;

/** Whether the page is receiving live updates; announced when it changes. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span className={`live-indicator live-${status}`} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  );
}
