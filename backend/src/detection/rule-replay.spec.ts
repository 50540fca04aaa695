import { replayKey, type ReplaySettings } from './rule-replay';

const MIN = 60_000;
const threshold = (overrides: Partial<ReplaySettings> = {}): ReplaySettings => ({
  rule: { kind: 'THRESHOLD', threshold: 5, min_count: null },
  windowMs: 2 * MIN,
  autoResolveMs: 3 * MIN,
  stepMs: MIN,
  ...overrides,
});
const burst = (fromMinute: number, minutes: number, perMinute: number) =>
  Array.from({ length: minutes }, (_, i) => ({ at: (fromMinute + i) * MIN + 30_000, count: perMinute }));

describe('replayKey', () => {
  it('opens a THRESHOLD incident at the first tick whose window holds more than the threshold, resolves it after the quiet time', () => {
    const incidents = replayKey(threshold(), burst(10, 3, 4), null, { from: 0, to: 60 * MIN });
    // 10:30 and 11:30 make 8 > 5 at the 12:00 tick; last log 12:30, quiet 3 min: resolved at the first tick after 15:30.
    expect(incidents).toEqual([{ openedAt: 12 * MIN, resolvedAt: 16 * MIN, peakCount: 8 }]);
  });

  it('never resolves without auto_resolve_seconds, and reports the largest window count', () => {
    const incidents = replayKey(threshold({ autoResolveMs: null }), [...burst(10, 2, 4), ...burst(30, 2, 9)], null, {
      from: 0,
      to: 60 * MIN,
    });
    expect(incidents).toEqual([{ openedAt: 12 * MIN, resolvedAt: null, peakCount: 18 }]);
  });

  it('counts only logs after the previous resolution when it opens again', () => {
    // Resolved at 16:00; the 17th minute holds 4 logs, which with the older ones would cross.
    const incidents = replayKey(threshold({ autoResolveMs: 3 * MIN }), [...burst(10, 3, 4), ...burst(16, 1, 4), ...burst(20, 2, 4)], null, {
      from: 0,
      to: 60 * MIN,
    });
    expect(incidents.map((incident) => incident.openedAt)).toEqual([12 * MIN, 22 * MIN]);
  });

  it('opens an ABSENCE incident once a known key has a quiet window, and resolves it when logs come back', () => {
    const absence: ReplaySettings = {
      rule: { kind: 'ABSENCE', threshold: null, min_count: 1 },
      windowMs: 2 * MIN,
      autoResolveMs: null,
      stepMs: MIN,
    };
    const points = [...burst(0, 10, 1), ...burst(20, 5, 1)];
    // Last log 9:30: the 12:00 tick sees (10:00, 12:05] empty. The log at 20:30 is in the 21:00 window (the
    // range ends before the logs stop again at 24:30).
    expect(replayKey(absence, points, 30_000, { from: 0, to: 26 * MIN })).toEqual([
      { openedAt: 12 * MIN, resolvedAt: 21 * MIN, peakCount: 0 },
    ]);
    // A key never seen before the window is unknown, not quiet.
    expect(replayKey(absence, [], null, { from: 0, to: 30 * MIN })).toEqual([]);
  });
});
