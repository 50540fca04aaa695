import type { Queryable } from '../database/pg-transaction';

/**
 * Whether an incident's paging is held right now (e.g. by a silence), and by what. The seam
 * for silences: bind a provider to ESCALATION_HOLD and a held incident's due step waits
 * (rechecked every HOLD_RECHECK_MS) instead of paging. Unbound: nothing is ever held.
 */
export const ESCALATION_HOLD = Symbol('ESCALATION_HOLD');

/** What a hold is decided on: the incident's facts as the caller already has them (no re-read). */
export interface HeldIncident {
  id: string;
  service_id: string | null;
  rule_id: string | null;
  severity: string;
  title: string;
}

export interface EscalationHoldPort {
  /**
   * The held ones among these incidents at `at` (incident id -> what holds it), asked once per
   * batch of due steps on the runner's transaction, so a hold is recorded with the step it held.
   */
  heldAmong(client: Queryable, incidents: HeldIncident[], at: Date): Promise<Map<string, string>>;
}

/** How long a held step waits before the hold is asked again. */
export const HOLD_RECHECK_MS = 30_000;
