import { ceilToMinute, floorToMinute, splitAtWholeMinutes } from './minute-split';

const at = (iso: string) => new Date(iso);

describe('floorToMinute and ceilToMinute', () => {
  it('round to UTC minutes and leave whole minutes alone', () => {
    expect(floorToMinute(at('2026-11-24T10:07:59.999Z'))).toEqual(at('2026-11-24T10:07:00Z'));
    expect(ceilToMinute(at('2026-11-24T10:07:00.001Z'))).toEqual(at('2026-11-24T10:08:00Z'));
    expect(floorToMinute(at('2026-11-24T10:07:00Z'))).toEqual(at('2026-11-24T10:07:00Z'));
    expect(ceilToMinute(at('2026-11-24T10:07:00Z'))).toEqual(at('2026-11-24T10:07:00Z'));
  });
});

describe('splitAtWholeMinutes', () => {
  it('answers an aligned range from whole minutes only', () => {
    expect(splitAtWholeMinutes(at('2026-11-24T10:00:00Z'), at('2026-11-24T11:00:00Z'))).toEqual({
      minutes: { from: at('2026-11-24T10:00:00Z'), to: at('2026-11-24T11:00:00Z') },
      raw: [],
    });
  });

  it('counts the unfinished minute at the end from raw logs', () => {
    expect(splitAtWholeMinutes(at('2026-11-24T10:00:00Z'), at('2026-11-24T11:00:42.5Z'))).toEqual({
      minutes: { from: at('2026-11-24T10:00:00Z'), to: at('2026-11-24T11:00:00Z') },
      raw: [{ from: at('2026-11-24T11:00:00Z'), to: at('2026-11-24T11:00:42.5Z') }],
    });
  });

  it('counts the partial minute at the start from raw logs, and an open end from whole minutes', () => {
    expect(splitAtWholeMinutes(at('2026-11-24T10:00:17Z'))).toEqual({
      minutes: { from: at('2026-11-24T10:01:00Z'), to: undefined },
      raw: [{ from: at('2026-11-24T10:00:17Z'), to: at('2026-11-24T10:01:00Z') }],
    });
  });

  it('splits a range unaligned at both ends into three parts that touch without overlapping', () => {
    const split = splitAtWholeMinutes(at('2026-11-24T10:00:17Z'), at('2026-11-24T10:05:03Z'));
    expect(split).toEqual({
      minutes: { from: at('2026-11-24T10:01:00Z'), to: at('2026-11-24T10:05:00Z') },
      raw: [
        { from: at('2026-11-24T10:00:17Z'), to: at('2026-11-24T10:01:00Z') },
        { from: at('2026-11-24T10:05:00Z'), to: at('2026-11-24T10:05:03Z') },
      ],
    });
  });

  it('counts a range without a whole minute inside from raw logs only', () => {
    expect(splitAtWholeMinutes(at('2026-11-24T10:00:00Z'), at('2026-11-24T10:00:30Z'))).toEqual({
      raw: [{ from: at('2026-11-24T10:00:00Z'), to: at('2026-11-24T10:00:30Z') }],
    });
    expect(splitAtWholeMinutes(at('2026-11-24T10:00:10Z'), at('2026-11-24T10:01:50Z'))).toEqual({
      raw: [{ from: at('2026-11-24T10:00:10Z'), to: at('2026-11-24T10:01:50Z') }],
    });
    expect(splitAtWholeMinutes(at('2026-11-24T10:00:10Z'), at('2026-11-24T10:00:10Z'))).toEqual({ raw: [] });
  });
});
