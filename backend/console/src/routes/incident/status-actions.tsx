import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { useSession } from '../../session/session-context';
import { ActionError } from './action-error';
import { ResolveForm } from './resolve-form';
import { useIncidentPost } from './use-incident-mutation';

type Incident = Schemas['IncidentDetailDto'];

/** The moves the state machine allows from the current status (the server checks again: a 409 is shown). */
export function StatusActions({ incident }: { incident: Incident }) {
  const { can } = useSession();
  const [resolving, setResolving] = useState(false);
  const acknowledge = useIncidentPost('/incidents/{id}/acknowledge');
  const reopen = useIncidentPost('/incidents/{id}/reopen');
  const path = { params: { path: { id: incident.id } } };
  const busy = acknowledge.isPending || reopen.isPending;

  return (
    <div className="action-group">
      <div className="action-row">
        {incident.status === 'OPEN' && can('incident.acknowledge') && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => acknowledge.mutate(path)}>
            Acknowledge
          </button>
        )}
        {incident.status !== 'RESOLVED' && can('incident.resolve') && (
          <button type="button" className="button" aria-expanded={resolving} onClick={() => setResolving(!resolving)}>
            Resolve…
          </button>
        )}
        {incident.status === 'RESOLVED' && can('incident.reopen') && (
          <button type="button" className="button" disabled={busy} onClick={() => reopen.mutate(path)}>
            Reopen
          </button>
        )}
      </div>
      <ActionError error={acknowledge.error ?? reopen.error} />
      {resolving && incident.status !== 'RESOLVED' && <ResolveForm incident={incident} onDone={() => setResolving(false)} />}
    </div>
  );
}
