import type { Schemas } from '../api/client';

type Severity = Schemas['IncidentDto']['severity'];
type Status = Schemas['IncidentDto']['status'];

const STATUS_LABEL: Record<Status, string> = { OPEN: 'Open', ACKNOWLEDGED: 'Acknowledged', RESOLVED: 'Resolved' };

/** Colour is never the only cue: the word is always there. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge severity-${severity.toLowerCase()}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: Status }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{STATUS_LABEL[status]}</span>;
}
