import { chartWindow, incidentMinutes, MAX_BUCKETS, rankRisingTemplates } from './incident-window';

const at = (iso: string) => new Date(iso);

describe('the incident activity chart window', () => {
  it('spans 30 minutes either side of the incident in minute buckets', () => {
    const w = chartWindow(at('2026-01-01T10:00:30Z'), at('2026-01-01T10:10:00Z'), at('2026-01-01T12:00:00Z'));
    expect(w.from.toISOString()).toBe('2026-01-01T09:30:00.000Z');
    expect(w.to.toISOString()).toBe('2026-01-01T10:40:00.000Z');
    expect(w.bucketSeconds).toBe(60);
    expect(w.bucketCount).toBe(70);
  });

  it('ends at now while the incident is still going on', () => {
    const w = chartWindow(at('2026-01-01T10:00:00Z'), null, at('2026-01-01T10:05:00Z'));
    expect(w.to.toISOString()).toBe('2026-01-01T10:05:00.000Z');
  });

  it('widens the buckets for a long incident so the chart stays bounded', () => {
    const w = chartWindow(at('2026-01-01T00:00:00Z'), at('2026-01-04T00:00:00Z'), at('2026-01-05T00:00:00Z'));
    expect(w.bucketSeconds).toBe(300);
    expect(w.bucketCount).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(w.to.getTime()).toBeGreaterThanOrEqual(at('2026-01-04T00:30:00Z').getTime());
  });
});

describe('ranking templates that rose against the hour before', () => {
  it('ranks by smoothed rate ratio and drops templates that did not rise', () => {
    const ranked = rankRisingTemplates(
      [
        { template: 'fell', incidentCount: 5, baselineCount: 60 },
        { template: 'new burst', incidentCount: 500, baselineCount: 0 },
        { template: 'doubled', incidentCount: 20, baselineCount: 60 },
        { template: 'tiny new', incidentCount: 2, baselineCount: 0 },
      ],
      10,
      60,
      10,
    );
    expect(ranked.map((r) => r.template)).toEqual(['new burst', 'tiny new', 'doubled']);
    expect(ranked[0]).toMatchObject({ incidentRatePerMinute: 50, baselineRatePerMinute: 0, ratio: 3006 });
    expect(ranked[2]!.ratio).toBeCloseTo(((21 / 10) * 60) / 61, 3);
  });

  it('counts a burst within one minute as lasting one minute', () => {
    expect(incidentMinutes(at('2026-01-01T10:00:00Z'), at('2026-01-01T10:00:05Z'))).toBe(1);
    expect(incidentMinutes(at('2026-01-01T10:00:00Z'), at('2026-01-01T10:30:00Z'))).toBe(30);
  });
});
