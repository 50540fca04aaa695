import type { Schemas } from '../../api/client';
import { RelativeTime } from '../../components/relative-time';
import { ActorName } from './actor-name';

type Entry = Schemas['TimelineEntryDto'];

const WHAT: Record<string, string> = {
  opened: 'opened the incident',
  acknowledged: 'acknowledged the incident',
  resolved: 'resolved the incident',
  auto_resolved: 'resolved the incident (quiet long enough)',
  reopened: 'reopened the incident',
  severity_changed: 'changed the severity',
  assigned: 'changed the assignee',
  updated: 'edited the incident',
  comment: 'commented',
  logs_attached: 'attached logs',
  storm_grew: 'added services to the storm',
  analysis_summary: 'generated a summary',
  escalated: 'paged an escalation step',
  ack_timed_out: 'reopened the incident (acknowledgement timed out)',
};

/** One line of the paper trail: who, what, when, and what changed. */
export function TimelineEntry({ entry }: { entry: Entry }) {
  const changes = describeChanges(entry.before, entry.after);
  return (
    <li className="timeline-entry">
      <p className="timeline-line">
        <strong>
          <ActorName actor={entry.actor} />
        </strong>{' '}
        {WHAT[entry.type] ?? entry.type.replaceAll('_', ' ')} <RelativeTime value={entry.created_at} />
      </p>
      {changes.length > 0 && <p className="timeline-changes">{changes.join('; ')}</p>}
      {entry.body && <p className="timeline-body">{entry.body}</p>}
    </li>
  );
}

/** `{status: 'OPEN'}` -> `{status: 'ACKNOWLEDGED'}` reads "status: OPEN → ACKNOWLEDGED". */
// Without a "before" (an opening, a comment) the entry's body already says what happened.
function describeChanges(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  return Object.entries(after)
    .filter(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value))
    .map(([field, value]) => (field in before ? `${field}: ${show(before[field])} → ${show(value)}` : `${field}: ${show(value)}`));
}

const show = (value: unknown) => (value === null || value === undefined ? 'none' : String(value));
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
