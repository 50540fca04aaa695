import type { ReactNode } from 'react';
import { EmptyState } from '../components/empty-state';
import type { Action } from './permissions';
import { useSession } from './session-context';

/** A screen for some roles only (the API refuses the others too): says so instead of failing. */
export function RequireAction({ action, children }: { action: Action; children: ReactNode }) {
  const { can, user } = useSession();
  if (!can(action)) return <EmptyState title={`This page is not available to the ${user.role} role.`} />;
  return children;
}
