import { addDays, isoDay, partitionDay, retentionCutoff, startOfUtcDay } from './partition-days';

describe('partition days', () => {
  it('works in UTC days', () => {
    expect(startOfUtcDay(new Date('2026-11-24T23:59:59.999Z')).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(isoDay(addDays(new Date('2026-03-01T00:00:00Z'), -1))).toBe('2026-02-28');
  });

  it('reads the day of a partition from its name, and nothing from other tables', () => {
    expect(partitionDay('logs_p20261124')?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(partitionDay('logs_default')).toBeUndefined();
    expect(partitionDay('logs_p2026112')).toBeUndefined();
    expect(partitionDay('logs_p20261399')).toBeUndefined();
  });

  it('expires logs before midnight UTC retentionDays ago', () => {
    expect(retentionCutoff(new Date('2026-11-24T15:00:00Z'), 30).toISOString()).toBe('2026-10-25T00:00:00.000Z');
  });
});
