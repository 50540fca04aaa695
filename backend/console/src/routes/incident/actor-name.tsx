import { useSession } from '../../session/session-context';

/**
 * Who did it, from the API's `user:<id>` / `system:<rule name>` / `api_key:<key name>` (an
 * automation with the scope incidents:write). Only an ADMIN may list users,
 * so other people are shown by id (shortened, the full id in the title); the reader is "you".
 */
export function ActorName({ actor }: { actor: string }) {
  const { user } = useSession();
  const [kind, ...rest] = actor.split(':');
  const value = rest.join(':');
  if (kind === 'system') return <span>{value || 'the system'} (automatic)</span>;
  if (kind === 'user' && value === user.id) return <span>you</span>;
  if (kind === 'user') return <UserId id={value} />;
  if (kind === 'api_key') return <span>API key “{value}”</span>;
  return <span>{actor}</span>;
}

export function UserId({ id }: { id: string }) {
  const { user } = useSession();
  if (id === user.id) return <span>you</span>;
  return (
    <span title={id}>
      user <code>{id.slice(0, 8)}</code>
    </span>
  );
}
