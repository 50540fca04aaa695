import { useState, type FormEvent } from 'react';
import type { Schemas } from '../../api/client';
import { ActionError } from './action-error';
import { useIncidentPost } from './use-incident-mutation';

/** Resolution and root cause are optional for the API, but they are what the next responder reads. */
export function ResolveForm({ incident, onDone }: { incident: Schemas['IncidentDetailDto']; onDone(): void }) {
  const [resolution, setResolution] = useState('');
  const [rootCause, setRootCause] = useState('');
  const resolve = useIncidentPost('/incidents/{id}/resolve');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { resolution: resolution.trim() || undefined, root_cause: rootCause.trim() || undefined };
    resolve.mutate({ params: { path: { id: incident.id } }, body }, { onSuccess: onDone });
  };
  return (
    <form className="stacked-form" aria-label="Resolve the incident" onSubmit={submit}>
      <label htmlFor="resolution">Resolution</label>
      <textarea id="resolution" rows={2} maxLength={10_000} value={resolution} onChange={(e) => setResolution(e.target.value)} />
      <label htmlFor="root-cause">Root cause</label>
      <textarea id="root-cause" rows={2} maxLength={10_000} value={rootCause} onChange={(e) => setRootCause(e.target.value)} />
      <div className="action-row">
        <button type="submit" className="button button-primary" disabled={resolve.isPending}>
          Resolve incident
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <ActionError error={resolve.error} />
    </form>
  );
}
