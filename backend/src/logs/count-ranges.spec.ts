import { countRanges, MINUTE_MS, splitAtWhole } from './count-ranges';

const at = (iso: string) => new Date(iso);

describe('splitAtWhole', () => {
  it('keeps an aligned range whole', () => {
    expect(splitAtWhole(MINUTE_MS, at('2026-11-24T10:00:00Z'), at('2026-11-24T11:00:00Z'))).toEqual({
      whole: { from: at('2026-11-24T10:00:00Z'), to: at('2026-11-24T11:00:00Z') },
      ends: [],
    });
  });

  it('cuts off the unfinished unit at the end, to the millisecond', () => {
    expect(splitAtWhole(MINUTE_MS, at('2026-11-24T10:00:00Z'), at('2026-11-24T11:00:42.5Z'))).toEqual({
      whole: { from: at('2026-11-24T10:00:00Z'), to: at('2026-11-24T11:00:00Z') },
      ends: [{ from: at('2026-11-24T11:00:00Z'), to: at('2026-11-24T11:00:42.5Z') }],
    });
    expect(splitAtWhole(MINUTE_MS, at('2026-11-24T10:00:00Z'), at('2026-11-24T10:59:59.999Z')).ends).toEqual([
      { from: at('2026-11-24T10:59:00Z'), to: at('2026-11-24T10:59:59.999Z') },
    ]);
  });

  it('cuts off the partial unit at the start, and leaves an open end open', () => {
    expect(splitAtWhole(MINUTE_MS, at('2026-11-24T10:00:00.001Z'))).toEqual({
      whole: { from: at('2026-11-24T10:01:00Z'), to: undefined },
      ends: [{ from: at('2026-11-24T10:00:00.001Z'), to: at('2026-11-24T10:01:00Z') }],
    });
  });

  it('splits a range unaligned at both ends into three parts that touch without overlapping', () => {
    expect(splitAtWhole(MINUTE_MS, at('2026-11-24T10:00:17Z'), at('2026-11-24T10:05:03Z'))).toEqual({
      whole: { from: at('2026-11-24T10:01:00Z'), to: at('2026-11-24T10:05:00Z') },
      ends: [
        { from: at('2026-11-24T10:00:17Z'), to: at('2026-11-24T10:01:00Z') },
        { from: at('2026-11-24T10:05:00Z'), to: at('2026-11-24T10:05:03Z') },
      ],
    });
  });

  it('leaves a range without a whole unit inside all ends', () => {
    expect(splitAtWhole(MINUTE_MS, at('2026-11-24T10:00:00Z'), at('2026-11-24T10:00:30Z'))).toEqual({
      ends: [{ from: at('2026-11-24T10:00:00Z'), to: at('2026-11-24T10:00:30Z') }],
    });
    expect(splitAtWhole(MINUTE_MS, at('2026-11-24T10:00:10Z'), at('2026-11-24T10:01:50Z'))).toEqual({
      ends: [{ from: at('2026-11-24T10:00:10Z'), to: at('2026-11-24T10:01:50Z') }],
    });
    expect(splitAtWhole(MINUTE_MS, at('2026-11-24T10:00:10Z'), at('2026-11-24T10:00:10Z'))).toEqual({ ends: [] });
  });
});

describe('countRanges', () => {
  it('answers a day of hourly buckets from whole hours, minutes and the unfinished minute', () => {
    expect(countRanges(at('2026-11-23T11:00:00Z'), at('2026-11-24T10:37:12.5Z'), { hours: true })).toEqual({
      hours: { from: at('2026-11-23T11:00:00Z'), to: at('2026-11-24T10:00:00Z') },
      minutes: [{ from: at('2026-11-24T10:00:00Z'), to: at('2026-11-24T10:37:00Z') }],
      raw: [{ from: at('2026-11-24T10:37:00Z'), to: at('2026-11-24T10:37:12.5Z') }],
    });
  });

  it('uses no hours when buckets are finer than an hour', () => {
    expect(countRanges(at('2026-11-23T11:00:00Z'), at('2026-11-24T10:37:12.5Z'), { hours: false })).toEqual({
      minutes: [{ from: at('2026-11-23T11:00:00Z'), to: at('2026-11-24T10:37:00Z') }],
      raw: [{ from: at('2026-11-24T10:37:00Z'), to: at('2026-11-24T10:37:12.5Z') }],
    });
  });

  it('counts an open-ended hour back from an unaligned instant in all three kinds of parts', () => {
    const since = new Date(Date.parse('2026-11-24T09:37:12.5Z'));
    expect(countRanges(since, undefined, { hours: true })).toEqual({
      hours: { from: at('2026-11-24T10:00:00Z'), to: undefined },
      minutes: [{ from: at('2026-11-24T09:38:00Z'), to: at('2026-11-24T10:00:00Z') }],
      raw: [{ from: since, to: at('2026-11-24T09:38:00Z') }],
    });
  });

  it('falls back to minutes when no whole hour fits, and to logs when no whole minute does', () => {
    expect(countRanges(at('2026-11-24T10:00:00Z'), at('2026-11-24T10:59:30Z'), { hours: true })).toEqual({
      minutes: [{ from: at('2026-11-24T10:00:00Z'), to: at('2026-11-24T10:59:00Z') }],
      raw: [{ from: at('2026-11-24T10:59:00Z'), to: at('2026-11-24T10:59:30Z') }],
    });
    expect(countRanges(at('2026-11-24T10:00:00Z'), at('2026-11-24T10:00:30Z'), { hours: true })).toEqual({
      minutes: [],
      raw: [{ from: at('2026-11-24T10:00:00Z'), to: at('2026-11-24T10:00:30Z') }],
    });
  });

  it('covers every millisecond of the range exactly once', () => {
    const from = at('2026-11-23T22:59:59.250Z');
    const to = at('2026-11-24T02:00:00.750Z');
    const ranges = countRanges(from, to, { hours: true });
    const parts = [...(ranges.hours ? [ranges.hours] : []), ...ranges.minutes, ...ranges.raw].sort(
      (a, b) => a.from.getTime() - b.from.getTime(),
    );
    expect(parts[0]!.from).toEqual(from);
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.from).toEqual(parts[i - 1]!.to);
    expect(parts.at(-1)!.to).toEqual(to);
    expect(ranges).toEqual({
      hours: { from: at('2026-11-23T23:00:00Z'), to: at('2026-11-24T02:00:00Z') },
      minutes: [],
      raw: [
        { from, to: at('2026-11-23T23:00:00Z') },
        { from: at('2026-11-24T02:00:00Z'), to },
      ],
    });
  });
});
