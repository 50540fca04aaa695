/**
 * Whether an incident's paging is held right now (e.g. by a silence), and by what. The seam
 * for silences: bind a provider to ESCALATION_HOLD and a held incident's due step waits
 * (rechecked every HOLD_RECHECK_MS) instead of paging. Unbound: nothing is ever held.
 */
export const ESCALATION_HOLD = Symbol('ESCALATION_HOLD');

export interface EscalationHoldPort {
  heldBy(incidentId: string): Promise<{ silenceId: string } | null>;
}

/** How long a held step waits before the hold is asked again. */
export const HOLD_RECHECK_MS = 30_000;
