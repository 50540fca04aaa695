import type { LogRow } from './log-validation';
import { SeenServices, summarizeBatch } from './seen-services';

const row = (serviceId: string, timestampMs: number, level: LogRow['level'] = 'INFO'): LogRow => ({
  serviceId,
  timestampMs,
  level,
  message: '',
  metadata: null,
});

describe('summarizeBatch', () => {
  it('gives each service its first and last log time, and the highest level', () => {
    const summary = summarizeBatch([row('a', 5), row('b', 1, 'ERROR'), row('a', 2), row('a', 9, 'WARN')]);
    expect(summary.sightings).toEqual([
      { serviceId: 'a', firstSeenMs: 2, lastSeenMs: 9 },
      { serviceId: 'b', firstSeenMs: 1, lastSeenMs: 1 },
    ]);
    expect(summary.maxLevel).toBe('ERROR');
  });
});

describe('SeenServices', () => {
  it('records a service with its logs once, then merges its sightings for the periodic flush', () => {
    const seen = new SeenServices();
    const first = [{ serviceId: 'a', firstSeenMs: 10, lastSeenMs: 20 }];
    expect(seen.unknownAmong(first)).toEqual(first);
    seen.committed(first, first);
    expect(seen.hasPending).toBe(false);

    const later = [{ serviceId: 'a', firstSeenMs: 5, lastSeenMs: 30 }];
    expect(seen.unknownAmong(later)).toEqual([]);
    seen.committed(later, []);
    seen.committed([{ serviceId: 'a', firstSeenMs: 7, lastSeenMs: 25 }], []);
    expect(seen.takePending()).toEqual([{ serviceId: 'a', firstSeenMs: 5, lastSeenMs: 30 }]);
    expect(seen.hasPending).toBe(false);
  });

  it('keeps the sightings of a failed flush for the next one', () => {
    const seen = new SeenServices();
    seen.giveBack([{ serviceId: 'a', firstSeenMs: 1, lastSeenMs: 2 }]);
    expect(seen.takePending()).toEqual([{ serviceId: 'a', firstSeenMs: 1, lastSeenMs: 2 }]);
  });
});
