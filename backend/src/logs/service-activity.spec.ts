import { activitySeries, activityWindow } from './service-activity';

describe('service activity sparklines', () => {
  const now = new Date('2026-11-24T10:30:42Z');

  it('ends with the current, unfinished bucket: 60 minutes or 24 hours, aligned to UTC', () => {
    expect(activityWindow('1h', now)).toMatchObject({ interval: '1m', from: new Date('2026-11-24T09:31:00Z'), to: now, buckets: 60 });
    expect(activityWindow('24h', now)).toMatchObject({ interval: '1h', from: new Date('2026-11-23T11:00:00Z'), to: now, buckets: 24 });
  });

  it('counts every level in volume and ERROR and FATAL in errors, per bucket', () => {
    const window = activityWindow('1h', now);
    const series = activitySeries(window, [
      { bucket: new Date('2026-11-24T09:31:00Z'), level: 'INFO', count: 5 },
      { bucket: new Date('2026-11-24T10:30:00Z'), level: 'ERROR', count: 2 },
      { bucket: new Date('2026-11-24T10:30:00Z'), level: 'FATAL', count: 1 },
      { bucket: new Date('2026-11-24T10:30:00Z'), level: 'WARN', count: 4 },
      { bucket: new Date('2026-11-24T10:31:00Z'), level: 'ERROR', count: 100 },
    ]);
    expect(series.volume[0]).toBe(5);
    expect([series.volume[59], series.errors[59]]).toEqual([7, 3]);
    expect(series.volume.reduce((a, b) => a + b)).toBe(12);
  });
});
