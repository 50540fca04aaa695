import type { Role } from '../generated/prisma/enums';

const RANK: Record<Role, number> = { VIEWER: 1, RESPONDER: 2, ADMIN: 3 };

/** VIEWER reads; RESPONDER also acts on incidents; ADMIN also administers. */
export const hasAtLeastRole = (role: Role, minimum: Role): boolean => RANK[role] >= RANK[minimum];
