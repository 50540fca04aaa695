import { parseIsoTimestamp } from './iso-timestamp';

describe('parseIsoTimestamp', () => {
  it.each([
    ['2026-11-24T10:00:00Z', '2026-11-24T10:00:00.000Z'],
    ['2026-11-24T10:00:00.123Z', '2026-11-24T10:00:00.123Z'],
    ['2026-11-24T10:00:00.123456789Z', '2026-11-24T10:00:00.123Z'],
    ['2026-11-24T10:00:00.5+01:00', '2026-11-24T09:00:00.500Z'],
    ['2026-11-24T10:00:00-0530', '2026-11-24T15:30:00.000Z'],
    ['2026-11-24 10:00:00z', '2026-11-24T10:00:00.000Z'],
    ['2026-11-24T10:00Z', '2026-11-24T10:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(new Date(parseIsoTimestamp(text)!).toISOString()).toBe(iso);
  });

  it.each([
    ['a time without a zone', '2026-11-24T10:00:00'],
    ['a date alone', '2026-11-24'],
    ['February 30th', '2026-02-30T00:00:00Z'],
    ['February 29th of a common year', '2026-02-29T00:00:00Z'],
    ['hour 24', '2026-11-24T24:00:00Z'],
    ['second 60', '2026-11-24T10:00:60Z'],
    ['month 0', '2026-00-10T10:00:00Z'],
    ['an offset of 24 hours', '2026-11-24T10:00:00+24:00'],
    ['prose', 'yesterday'],
    ['epoch seconds as text', '1700000000'],
  ])('refuses %s', (_what, text) => {
    expect(parseIsoTimestamp(text)).toBeUndefined();
  });
});
