import { WRITE_FAILURE_MEMORY_MS, writePathState } from './write-path-state';

const base = {
  now: 100_000,
  lastCommitAt: Number.NEGATIVE_INFINITY,
  lastFailureAt: Number.NEGATIVE_INFINITY,
  oldestWaitingSince: undefined,
  writeTimeoutMs: 5000,
};

describe('writePathState', () => {
  it('is ok before any write and after a commit that followed a failure', () => {
    expect(writePathState(base)).toEqual({ ok: true });
    expect(writePathState({ ...base, lastFailureAt: 90_000, lastCommitAt: 95_000 })).toEqual({ ok: true });
  });

  it('is failing while the last commit failed, and forgets it after the memory window so a probe-less instance is tried again', () => {
    expect(writePathState({ ...base, lastCommitAt: 80_000, lastFailureAt: 99_000 })).toEqual({ ok: false, reason: 'commits_failing' });
    expect(writePathState({ ...base, lastCommitAt: 80_000, lastFailureAt: 100_000 - WRITE_FAILURE_MEMORY_MS })).toEqual({ ok: true });
  });

  it('is failing when a queued request has waited longer than the write timeout', () => {
    expect(writePathState({ ...base, oldestWaitingSince: 94_000 })).toEqual({ ok: false, reason: 'queue_stuck' });
    expect(writePathState({ ...base, oldestWaitingSince: 96_000 })).toEqual({ ok: true });
  });
});
