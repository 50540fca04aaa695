import type { Schemas } from '../api/client';

export type Role = Schemas['UserResponse']['role'];

const RANK: Record<Role, number> = { VIEWER: 0, RESPONDER: 1, ADMIN: 2 };

/**
 * What each role may do in the console, mirroring the API's @Roles: screens hide what the
 * user may not do (the API refuses it anyway). Add an entry per new action.
 */
export const ACTIONS = {
  'incident.create': 'RESPONDER',
  'incident.acknowledge': 'RESPONDER',
  'incident.resolve': 'RESPONDER',
  'incident.reopen': 'RESPONDER',
  'incident.comment': 'RESPONDER',
  'incident.update': 'RESPONDER',
  'incident.summarize': 'RESPONDER',
  'setup.view': 'ADMIN',
  'user.list': 'ADMIN',
  'schedule.write': 'ADMIN',
  'silence.create': 'RESPONDER',
  'silence.expire': 'RESPONDER',
  'escalation.manage': 'ADMIN',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof ACTIONS;

export function roleCan(role: Role, action: Action): boolean {
  return RANK[role] >= RANK[ACTIONS[action]];
}
