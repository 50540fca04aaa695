import { expandRecurrence, MAX_SILENCE_WINDOWS, parseRrule, RecurrenceError } from './silence-windows';

const sundaysBerlin = { rrule: 'FREQ=WEEKLY;BYDAY=SU', startTime: '02:00', durationMinutes: 120, timeZone: 'Europe/Berlin' };

describe('silence windows', () => {
  it('keeps a weekly window at its local time across the spring DST change', () => {
    const windows = expandRecurrence(sundaysBerlin, new Date('2026-03-20T00:00:00Z'), new Date('2026-04-06T00:00:00Z'));
    expect(windows.map((w) => [w.startsAt.toISOString(), w.endsAt.toISOString()])).toEqual([
      ['2026-03-22T01:00:00.000Z', '2026-03-22T03:00:00.000Z'],
      // 29 March: 02:00 does not exist in Berlin; the window starts at 03:00 summer time.
      ['2026-03-29T01:00:00.000Z', '2026-03-29T03:00:00.000Z'],
      ['2026-04-05T00:00:00.000Z', '2026-04-05T02:00:00.000Z'],
    ]);
  });

  it('clips windows to the silence and counts one already running at its start', () => {
    const windows = expandRecurrence(sundaysBerlin, new Date('2026-03-22T02:00:00Z'), new Date('2026-03-29T01:30:00Z'));
    expect(windows.map((w) => [w.startsAt.toISOString(), w.endsAt.toISOString()])).toEqual([
      ['2026-03-22T02:00:00.000Z', '2026-03-22T03:00:00.000Z'],
      ['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z'],
    ]);
  });

  it('refuses a rule that expands to too many windows, without expanding them all', () => {
    const started = Date.now();
    const expand = () =>
      expandRecurrence(
        { ...sundaysBerlin, rrule: 'FREQ=MINUTELY', durationMinutes: 1 },
        new Date('2026-01-01T00:00:00Z'),
        new Date('2027-01-01T00:00:00Z'),
      );
    expect(expand).toThrow(RecurrenceError);
    expect(expand).toThrow(`more than ${MAX_SILENCE_WINDOWS} windows`);
    // Half a million occurrences would take seconds; the cap stops after ~1000 (generous bound for a loaded box).
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each(['FREQ=BOGUS', 'garbage', 'FREQ=DAILY;INTERVAL=x', 'FREQ=WEEKLY;BYDAY=XX', 'DTSTART:20260101T000000Z', 'FREQ=SECONDLY'])(
    'refuses the rrule %s naming the field',
    (text) => {
      expect(() => parseRrule(text)).toThrow(expect.objectContaining({ field: 'recurrence.rrule' }) as Error);
    },
  );
});
