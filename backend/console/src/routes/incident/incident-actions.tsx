import type { Schemas } from '../../api/client';
import { useSession } from '../../session/session-context';
import { AssigneeForm } from './assignee-form';
import { SeverityForm } from './severity-form';
import { StatusActions } from './status-actions';

/** Nothing at all for a role that may not act: no control that the server would refuse. */
export function IncidentActions({ incident }: { incident: Schemas['IncidentDetailDto'] }) {
  const { can } = useSession();
  if (!can('incident.acknowledge') && !can('incident.update')) return null;
  return (
    <section aria-labelledby="actions-heading" className="panel">
      <h2 id="actions-heading">Actions</h2>
      <StatusActions incident={incident} />
      {can('incident.update') && (
        <>
          <AssigneeForm incident={incident} />
          {/* The key resets the picker to the new value when someone else changes it. */}
          <SeverityForm key={incident.severity} incident={incident} />
        </>
      )}
    </section>
  );
}
