import { BadRequestException } from '@nestjs/common';
import { bucketStart, fillBuckets, statsRange } from './log-stats';

const at = (iso: string) => new Date(iso);

describe('statsRange', () => {
  it('rounds from down to its bucket and keeps to as given', () => {
    expect(statsRange('1h', at('2026-11-24T12:00:00Z'), at('2026-11-24T10:17:00Z'), at('2026-11-24T12:30:00Z'))).toEqual({
      from: at('2026-11-24T10:00:00Z'),
      to: at('2026-11-24T12:30:00Z'),
      buckets: 3,
    });
  });

  it('covers the 24 hours before `to` by default', () => {
    const range = statsRange('1h', at('2026-11-24T12:30:00Z'));
    expect(range.from).toEqual(at('2026-11-23T12:00:00Z'));
    expect(range.to).toEqual(at('2026-11-24T12:30:00Z'));
    expect(range.buckets).toBe(25);
  });

  it('aligns days to UTC midnight', () => {
    expect(statsRange('1d', at('2026-11-24T12:00:00Z'), at('2026-11-20T15:00:00Z')).from).toEqual(at('2026-11-20T00:00:00Z'));
    expect(new Date(bucketStart(Date.parse('2026-11-24T10:07:59Z'), 300_000)).toISOString()).toBe('2026-11-24T10:05:00.000Z');
  });

  it('refuses a backwards range and one with too many buckets', () => {
    expect(() => statsRange('1m', at('2026-11-24T12:00:00Z'), at('2026-11-24T12:00:00Z'), at('2026-11-24T11:00:00Z'))).toThrow(
      BadRequestException,
    );
    expect(() => statsRange('1m', at('2026-11-24T12:00:00Z'), at('2026-01-01T00:00:00Z'))).toThrow(/at most 5000/);
  });
});

describe('fillBuckets', () => {
  it('lists every bucket with zero counts where nothing happened', () => {
    const buckets = fillBuckets({ from: at('2026-11-24T10:00:00Z'), buckets: 3 }, 60_000, [
      { bucket: at('2026-11-24T10:00:00Z'), level: 'ERROR', count: 2 },
      { bucket: at('2026-11-24T10:02:00Z'), level: 'INFO', count: 5 },
      { bucket: at('2026-11-24T10:02:00Z'), level: 'ERROR', count: 1 },
    ]);
    expect(buckets.map((b) => [b.start.toISOString(), b.total, b.counts.ERROR, b.counts.INFO])).toEqual([
      ['2026-11-24T10:00:00.000Z', 2, 2, 0],
      ['2026-11-24T10:01:00.000Z', 0, 0, 0],
      ['2026-11-24T10:02:00.000Z', 6, 1, 5],
    ]);
  });
});
