import { fromWallClock, isIanaZone, toWallClock } from './zoned-time';

const berlin = (wall: string) => fromWallClock(new Date(`${wall}Z`), 'Europe/Berlin').toISOString();

describe('zoned time', () => {
  it('uses each day its own offset across DST changes', () => {
    expect(berlin('2026-03-22T02:00:00')).toBe('2026-03-22T01:00:00.000Z');
    expect(berlin('2026-04-05T02:00:00')).toBe('2026-04-05T00:00:00.000Z');
    expect(berlin('2026-10-18T02:00:00')).toBe('2026-10-18T00:00:00.000Z');
    expect(berlin('2026-11-01T02:00:00')).toBe('2026-11-01T01:00:00.000Z');
  });

  it('maps a skipped wall time past the gap and a repeated one to its first occurrence', () => {
    expect(berlin('2026-03-29T02:30:00')).toBe('2026-03-29T01:30:00.000Z');
    expect(berlin('2026-10-25T02:30:00')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads the wall clock of an instant', () => {
    expect(toWallClock(new Date('2026-07-01T12:00:00Z'), 'America/New_York').toISOString()).toBe('2026-07-01T08:00:00.000Z');
  });

  it('knows IANA zones', () => {
    expect(isIanaZone('Europe/Berlin')).toBe(true);
    expect(isIanaZone('Mars/Olympus')).toBe(false);
  });
});
