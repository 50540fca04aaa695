import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../api/client';
import { useSession } from '../../session/session-context';
import { ActionError } from './action-error';
import { useIncidentPatch } from './use-incident-mutation';

type Incident = Schemas['IncidentDetailDto'];

/**
 * Who works on it. GET /users is ADMIN-only (it lists e-mails and roles: least privilege), so
 * only an ADMIN picks from the list of active users. A RESPONDER gets "Assign to me", "Unassign"
 * and a field for a colleague's user id; the API checks the id names an active user (400 if not).
 */
export function AssigneeForm({ incident }: { incident: Incident }) {
  const { user, can } = useSession();
  const [assignee, setAssignee] = useState('');
  const assign = useIncidentPatch();
  const save = (assignee_id: string | null) => assign.mutate({ params: { path: { id: incident.id } }, body: { assignee_id } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (assignee.trim()) save(assignee.trim());
  };

  return (
    <form className="action-group" aria-label="Assign the incident" onSubmit={submit}>
      <div className="action-row">
        {incident.assignee_id !== user.id && (
          <button type="button" className="button" disabled={assign.isPending} onClick={() => save(user.id)}>
            Assign to me
          </button>
        )}
        {incident.assignee_id && (
          <button type="button" className="button" disabled={assign.isPending} onClick={() => save(null)}>
            Unassign
          </button>
        )}
        <label htmlFor="assignee">Assign to</label>
        {can('user.list') ? (
          <UserSelect value={assignee} onChange={setAssignee} />
        ) : (
          <input id="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="user id (UUID)" />
        )}
        <button type="submit" className="button" disabled={assign.isPending || !assignee.trim()}>
          Assign
        </button>
      </div>
      <ActionError error={assign.error} />
    </form>
  );
}

function UserSelect({ value, onChange }: { value: string; onChange(value: string): void }) {
  const users = api.useQuery('get', '/users');
  return (
    <select id="assignee" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{users.isPending ? 'Loading users…' : 'Choose a person'}</option>
      {users.data
        ?.filter((u) => u.active && u.role !== 'VIEWER')
        .map((u) => (
          <option key={u.id} value={u.id}>
            {u.email} ({u.role.toLowerCase()})
          </option>
        ))}
    </select>
  );
}
