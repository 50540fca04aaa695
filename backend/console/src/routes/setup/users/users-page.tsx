import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, type Schemas } from '../../../api/client';
import { DataTable, type Column } from '../../../components/data-table';
import { ErrorState } from '../../../components/error-state';
import { Loading } from '../../../components/loading';
import { PageTitle } from '../../../components/page-title';
import { RelativeTime } from '../../../components/relative-time';
import { useSession } from '../../../session/session-context';
import { PasswordResetForm } from './password-reset-form';
import { UserForm } from './user-form';

type User = Schemas['UserResponse'];
type Role = User['role'];
const ROLES: Role[] = ['VIEWER', 'RESPONDER', 'ADMIN'];

/** Role change, password reset and deactivation; the API refuses to demote or deactivate yourself or the last admin (409, shown). */
function UserActions({ user, onResetPassword }: { user: User; onResetPassword(user: User): void }) {
  const queryClient = useQueryClient();
  const { user: me } = useSession();
  const refresh = () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/users') });
  const update = api.useMutation('patch', '/users/{id}', { onSettled: refresh });
  const deactivate = api.useMutation('delete', '/users/{id}', { onSettled: refresh });
  const path = { id: user.id };
  const error = update.error ?? deactivate.error;
  if (user.id === me.id) return <span>You</span>;
  return (
    <div className="inline-form">
      <label className="visually-hidden" htmlFor={`role-${user.id}`}>
        Role of {user.email}
      </label>
      <select
        id={`role-${user.id}`}
        value={user.role}
        disabled={update.isPending || !user.active}
        onChange={(event) => update.mutate({ params: { path }, body: { role: event.target.value as Role } })}
      >
        {ROLES.map((role) => (
          <option key={role}>{role}</option>
        ))}
      </select>
      <Link className="button button-small" to={`/contact-methods?user=${user.id}&email=${encodeURIComponent(user.email)}`}>
        Contact methods <span className="visually-hidden">of {user.email}</span>
      </Link>
      <button type="button" className="button button-small" onClick={() => onResetPassword(user)}>
        Reset password <span className="visually-hidden">of {user.email}</span>
      </button>
      {user.active ? (
        <button
          type="button"
          className="button button-small"
          disabled={deactivate.isPending}
          onClick={() =>
            window.confirm(`Deactivate ${user.email}? They are signed out at once.`) && deactivate.mutate({ params: { path } })
          }
        >
          Deactivate <span className="visually-hidden">{user.email}</span>
        </button>
      ) : (
        <button
          type="button"
          className="button button-small"
          disabled={update.isPending}
          onClick={() => update.mutate({ params: { path }, body: { active: true } })}
        >
          Reactivate <span className="visually-hidden">{user.email}</span>
        </button>
      )}
      {error && (
        <span role="alert" className="form-error">
          {errorMessage(error)}
        </span>
      )}
    </div>
  );
}

const columnsFor = (onResetPassword: (user: User) => void): Column<User>[] => [
  { header: 'Email', cell: (user) => user.email, className: 'cell-grow' },
  { header: 'Role', cell: (user) => user.role },
  { header: 'Active', cell: (user) => (user.active ? 'Yes' : 'Deactivated') },
  { header: 'Created', cell: (user) => <RelativeTime value={user.created_at} /> },
  { header: 'Actions', cell: (user) => <UserActions user={user} onResetPassword={onResetPassword} /> },
];

/** The people who can sign in, their roles, a form to add one, and (after Reset password on a row) one to set a password. */
export function UsersPage() {
  const users = api.useQuery('get', '/users');
  const [resetting, setResetting] = useState<User>();
  const [changedFor, setChangedFor] = useState<string>();
  const columns = columnsFor((user) => {
    setChangedFor(undefined);
    setResetting(user);
  });
  return (
    <>
      <PageTitle title="Users" />
      {users.isPending ? (
        <Loading label="Loading users" />
      ) : users.error ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <DataTable caption="Users" columns={columns} rows={users.data} rowKey={(user) => user.id} />
      )}
      <p role="status" className="field-hint">
        {changedFor ? `The password of ${changedFor} was changed.` : ''}
      </p>
      {resetting && (
        <PasswordResetForm
          key={resetting.id}
          user={resetting}
          onDone={(changed) => {
            if (changed) setChangedFor(resetting.email);
            setResetting(undefined);
          }}
        />
      )}
      <UserForm />
    </>
  );
}
