import { availableBaselineMinutes, judgeAnomaly, meanAndStddev, zeroFilledBaseline } from './anomaly';

const settings = { windowSeconds: 60, zScore: 3, minCount: 5, minBaselineMinutes: 5 };
const end = new Date('2026-11-24T10:30:00Z');
const minutesBefore = (minutes: number) => new Date(end.getTime() - minutes * 60_000);

describe('anomaly maths', () => {
  it('computes the population mean and standard deviation', () => {
    expect(meanAndStddev([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, stddev: 2 });
    expect(meanAndStddev([])).toEqual({ mean: 0, stddev: 0 });
  });

  it('fills the minutes without logs with zeros, most recent first', () => {
    expect(
      zeroFilledBaseline(
        new Map([
          [0, 3],
          [2, 1],
        ]),
        4,
      ),
    ).toEqual([3, 0, 1, 0]);
  });

  it('counts baseline minutes from the service first-seen time, capped by the baseline length', () => {
    expect(availableBaselineMinutes(end, minutesBefore(90), 30, new Map())).toBe(30);
    expect(availableBaselineMinutes(end, minutesBefore(4.5), 30, new Map())).toBe(5);
    expect(availableBaselineMinutes(end, minutesBefore(0), 30, new Map())).toBe(1);
    expect(availableBaselineMinutes(end, new Date(end.getTime() + 1000), 30, new Map())).toBe(0);
  });

  it('falls back to the oldest minute holding a matching log when the service is unknown', () => {
    expect(
      availableBaselineMinutes(
        end,
        null,
        30,
        new Map([
          [3, 2],
          [11, 1],
        ]),
      ),
    ).toBe(12);
    expect(availableBaselineMinutes(end, null, 30, new Map([[7, 0]]))).toBe(0);
    expect(availableBaselineMinutes(end, null, 30, new Map())).toBe(0);
  });

  it('flags a spike far above a quiet baseline', () => {
    const verdict = judgeAnomaly(30, [1, 0, 2, 1, 1, 0, 1, 2, 1, 1], settings);
    expect(verdict.anomalous).toBe(true);
    expect(verdict.mean).toBeCloseTo(1);
    expect(verdict.z).toBeGreaterThan(3);
    expect(verdict.reason).toMatch(/z = \d+\.\d\d > 3/);
  });

  it('uses a stddev floor of 1, so a flat zero baseline needs more than z_score errors per minute', () => {
    const flat = Array(10).fill(0);
    expect(judgeAnomaly(5, flat, settings)).toMatchObject({ anomalous: true, z: 5, stddev: 0 });
    expect(judgeAnomaly(3, flat, { ...settings, minCount: 1 })).toMatchObject({ anomalous: false, z: 3 });
  });

  it('ignores a count that is normal for a noisy service', () => {
    const noisy = [40, 60, 50, 45, 55, 50, 48, 52, 50, 50];
    expect(judgeAnomaly(60, noisy, settings).anomalous).toBe(false);
  });

  it('needs at least min_count logs in the window, however high z is', () => {
    const verdict = judgeAnomaly(4, Array(10).fill(0), settings);
    expect(verdict.anomalous).toBe(false);
    expect(verdict.reason).toBe('4 logs in the window (need at least 5)');
  });

  it('needs at least min_baseline_minutes of history', () => {
    const verdict = judgeAnomaly(100, [0, 0, 0, 0], settings);
    expect(verdict).toMatchObject({ anomalous: false, z: null, reason: 'only 4 baseline minutes (need 5)' });
  });

  it('scales the current count to one minute when the window is not a minute', () => {
    const verdict = judgeAnomaly(20, Array(10).fill(2), { ...settings, windowSeconds: 300 });
    expect(verdict.currentPerMinute).toBe(4);
    expect(verdict.z).toBe(2);
    expect(verdict.anomalous).toBe(false);
  });

  it('treats z exactly at the threshold as normal (strictly greater is required)', () => {
    expect(judgeAnomaly(5, Array(10).fill(2), settings)).toMatchObject({ z: 3, anomalous: false });
  });
});
