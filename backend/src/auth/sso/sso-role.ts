import type { Role } from '../../generated/prisma/enums';

const RANK: Record<Role, number> = { VIEWER: 0, RESPONDER: 1, ADMIN: 2 };

/**
 * The role a person's claims give: the highest role whose claim value they carry (the claim
 * may be a list of groups or one string), else the default.
 */
export function roleFromClaims(
  claims: Record<string, unknown>,
  settings: { roleClaim: string; roleMap: { value: string; role: Role }[]; defaultRole: Role },
): Role {
  const raw = claims[settings.roleClaim];
  const values = new Set((Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string'));
  let role: Role | undefined;
  for (const entry of settings.roleMap) {
    if (values.has(entry.value) && (role === undefined || RANK[entry.role] > RANK[role])) role = entry.role;
  }
  return role ?? settings.defaultRole;
}
