/** Caps of one policy: enough for real paging paths, small enough that a page stays cheap. */
export const ESCALATION_LIMITS = {
  steps: 10,
  targetsPerStep: 10,
  repeatCount: 9,
  waitMinutes: { min: 1, max: 1440 },
  ackTimeoutMinutes: { min: 1, max: 10_080 },
  attachments: 100,
} as const;

export interface PolicyShape {
  /** Wait after each step, in minutes; index 0 is step 1. */
  waits: number[];
  /** Extra rounds after the first. */
  repeatCount: number;
}

export interface Position {
  round: number;
  step: number;
}

/**
 * Where an escalation goes after taking `taken` at `at`: the next step of the round after that
 * step's wait, else step 1 of the next round after the last step's wait, else nowhere (every
 * round done). Pure, so the timing rules are unit-tested without a database.
 */
export function afterStep(policy: PolicyShape, taken: Position, at: Date): (Position & { dueAt: Date }) | null {
  const index = Math.min(taken.step, policy.waits.length) - 1;
  const dueAt = new Date(at.getTime() + (policy.waits[index] ?? 0) * 60_000);
  if (taken.step < policy.waits.length) return { round: taken.round, step: taken.step + 1, dueAt };
  if (taken.round <= policy.repeatCount) return { round: taken.round + 1, step: 1, dueAt };
  return null;
}

/** The step actually taken when a policy was edited to fewer steps meanwhile: its last one. */
export const stepToTake = (policy: PolicyShape, step: number): number => Math.min(step, policy.waits.length);
