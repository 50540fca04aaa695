import type { IncidentStatus } from '../generated/prisma/enums';

/**
 * The incident lifecycle. Kept pure so every move is unit-tested without Nest or a database;
 * the service turns a refusal into a 409.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  OPEN: ['ACKNOWLEDGED', 'RESOLVED'],
  ACKNOWLEDGED: ['RESOLVED'],
  RESOLVED: ['OPEN'],
};

/** The action (route) that performs each move, named in refusals so clients know what to call. */
const ACTION_FOR: Record<IncidentStatus, string> = {
  OPEN: 'reopen',
  ACKNOWLEDGED: 'acknowledge',
  RESOLVED: 'resolve',
};

export type TransitionCheck = { allowed: true } | { allowed: false; reason: string };

export function checkTransition(from: IncidentStatus, to: IncidentStatus): TransitionCheck {
  if (ALLOWED_TRANSITIONS[from].includes(to)) return { allowed: true };
  const moves = ALLOWED_TRANSITIONS[from].map((next) => `${next} (${ACTION_FOR[next]})`).join(' or ');
  const what = from === to ? `The incident is already ${from}` : `An incident cannot move from ${from} to ${to}`;
  return { allowed: false, reason: `${what}; from ${from} it can only move to ${moves}` };
}

/** Outbox event type and timeline entry type of a status change. */
export function statusChangeEvent(to: IncidentStatus) {
  if (to === 'ACKNOWLEDGED') return { event: 'incident.acknowledged', timeline: 'acknowledged' } as const;
  if (to === 'RESOLVED') return { event: 'incident.resolved', timeline: 'resolved' } as const;
  // Only RESOLVED -> OPEN is allowed, so a move to OPEN is always a reopening.
  return { event: 'incident.reopened', timeline: 'reopened' } as const;
}
