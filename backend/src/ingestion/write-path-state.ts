/**
 * How long a failed group commit (database down, read-only, locked, too slow) keeps readiness
 * at 503 when no commit has succeeded since. Long enough for a probe every 5-10 s to see it;
 * short enough that an instance taken out of a load balancer (so receiving no logs, so never
 * committing) is tried again soon after the database is back instead of staying out forever.
 */
export const WRITE_FAILURE_MEMORY_MS = 10_000;

export interface WritePathState {
  ok: boolean;
  /** Why not ok: the last commit failed, or logs have waited past INGEST_WRITE_TIMEOUT_MS for one. */
  reason?: 'commits_failing' | 'queue_stuck';
}

export function writePathState(input: {
  now: number;
  lastCommitAt: number;
  lastFailureAt: number;
  /** enqueuedAt of the oldest request still waiting for a writer. */
  oldestWaitingSince: number | undefined;
  writeTimeoutMs: number;
}): WritePathState {
  if (input.oldestWaitingSince !== undefined && input.now - input.oldestWaitingSince > input.writeTimeoutMs) {
    return { ok: false, reason: 'queue_stuck' };
  }
  if (input.lastFailureAt > input.lastCommitAt && input.now - input.lastFailureAt < WRITE_FAILURE_MEMORY_MS) {
    return { ok: false, reason: 'commits_failing' };
  }
  return { ok: true };
}
