import { useState, type FormEvent } from 'react';
import type { Schemas } from '../../api/client';
import { ActionError } from './action-error';
import { useIncidentPatch } from './use-incident-mutation';

type Severity = Schemas['IncidentDto']['severity'];
const SEVERITIES: Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export function SeverityForm({ incident }: { incident: Schemas['IncidentDetailDto'] }) {
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const change = useIncidentPatch();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ params: { path: { id: incident.id } }, body: { severity } });
  };
  return (
    <form className="action-group" aria-label="Change the severity" onSubmit={submit}>
      <div className="action-row">
        <label htmlFor="severity">Severity</label>
        <select id="severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
          {SEVERITIES.map((value) => (
            <option key={value}>{value}</option>
          ))}
        </select>
        <button type="submit" className="button" disabled={change.isPending || severity === incident.severity}>
          Change severity
        </button>
      </div>
      <ActionError error={change.error} />
    </form>
  );
}
