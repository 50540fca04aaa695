import { decideWindow, replayWindows, type CountRule } from './window-decision';

const absence: CountRule = { kind: 'ABSENCE', threshold: null, min_count: 2 };
const threshold: CountRule = { kind: 'THRESHOLD', threshold: 5, min_count: null };
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 27, 12, 0, seconds));

describe('the per-window decision', () => {
  it('opens a THRESHOLD rule above the threshold only, and never resolves it by count', () => {
    expect(decideWindow(threshold, { count: 6, seenBeforeWindow: true, open: false })).toBe('open');
    expect(decideWindow(threshold, { count: 5, seenBeforeWindow: true, open: false })).toBe('none');
    expect(decideWindow(threshold, { count: 0, seenBeforeWindow: true, open: true })).toBe('none');
  });

  it('opens an ABSENCE rule below min_count once the key was seen before the window', () => {
    expect(decideWindow(absence, { count: 1, seenBeforeWindow: true, open: false })).toBe('open');
    expect(decideWindow(absence, { count: 2, seenBeforeWindow: true, open: false })).toBe('none');
  });

  it('never opens an ABSENCE rule for a key never seen (or first seen inside the window)', () => {
    expect(decideWindow(absence, { count: 0, seenBeforeWindow: false, open: false })).toBe('none');
  });

  it('resolves an open ABSENCE incident when a window holds min_count logs again, and not before', () => {
    expect(decideWindow(absence, { count: 1, seenBeforeWindow: true, open: true })).toBe('none');
    expect(decideWindow(absence, { count: 2, seenBeforeWindow: true, open: true })).toBe('resolve');
  });

  it('replays history: quiet, back, quiet again gives open, resolve, open; nothing before the key existed', () => {
    const windows = [0, 0, 3, 0, 0, 4, 1, 5].map((count, i) => ({ at: at(10 * (i + 1)), count }));
    // First seen at 15 s, windows of 10 s: the windows ending at 10 and 20 s started before it.
    expect(replayWindows(absence, windows, at(15), 10)).toEqual([
      { at: at(40), decision: 'open', count: 0 },
      { at: at(60), decision: 'resolve', count: 4 },
      { at: at(70), decision: 'open', count: 1 },
      { at: at(80), decision: 'resolve', count: 5 },
    ]);
    expect(replayWindows(absence, windows, null, 10)).toEqual([]);
  });
});
