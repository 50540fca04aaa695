import type { Role } from '../generated/prisma/enums';

export interface UserStatus {
  id: string;
  role: Role;
  active: boolean;
}

export interface RoleOrActiveChange {
  role?: Role;
  active?: boolean;
}

/**
 * Why a change must be refused to keep at least one active ADMIN, or undefined when it is safe.
 * `activeAdminIds` must be read under a lock in the same transaction as the change, otherwise
 * two admins demoting each other at the same moment could both succeed.
 */
export function adminGuardrailProblem(input: {
  actorId: string;
  target: UserStatus;
  change: RoleOrActiveChange;
  activeAdminIds: readonly string[];
}): string | undefined {
  const { actorId, target, change, activeAdminIds } = input;
  const isActiveAdmin = target.role === 'ADMIN' && target.active;
  const staysActiveAdmin = (change.role ?? target.role) === 'ADMIN' && (change.active ?? target.active);
  if (!isActiveAdmin || staysActiveAdmin) return undefined;
  if (target.id === actorId) {
    return 'You cannot deactivate or demote yourself; another admin has to do it';
  }
  if (!activeAdminIds.some((id) => id !== target.id)) {
    return 'This would leave no active admin';
  }
  return undefined;
}
