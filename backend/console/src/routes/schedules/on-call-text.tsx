import type { Schemas } from '../../api/client';
import { RelativeTime } from '../../components/relative-time';

/** "alice@example.com until in 3 days" / "Nobody". */
export function OnCallText({ onCall }: { onCall: Schemas['OnCallDto'] }) {
  if (!onCall.user) return <span className="muted">Nobody</span>;
  return (
    <>
      {onCall.user.email}
      {onCall.until && (
        <>
          {' '}
          until <RelativeTime value={onCall.until} />
        </>
      )}
    </>
  );
}

export function NextText({ next }: { next: Schemas['ShiftDto'] | null | undefined }) {
  if (!next) return <span className="muted">No one within 90 days</span>;
  return (
    <>
      {next.user.email} from <RelativeTime value={next.starts_at} />
    </>
  );
}
