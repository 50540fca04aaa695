import { BadRequestException } from '@nestjs/common';
import { daysOf, fillDays, MAX_DAYS } from './incident-days';

const day = (text: string) => new Date(`${text}T00:00:00Z`);

describe('incident days', () => {
  it('lists the UTC days the range touches, `to` exclusive', () => {
    expect(daysOf(new Date('2026-11-24T23:00:00Z'), new Date('2026-11-26T00:00:00Z'))).toEqual([day('2026-11-24'), day('2026-11-25')]);
    expect(daysOf(new Date('2026-11-24T10:00:00Z'), new Date('2026-11-24T10:00:00.001Z'))).toEqual([day('2026-11-24')]);
    expect(daysOf(new Date('2026-11-24T10:00:00Z'), new Date('2026-11-24T10:00:00Z'))).toEqual([]);
  });

  it(`refuses more than ${MAX_DAYS} days, naming from`, () => {
    expect(daysOf(day('2024-01-01'), day('2025-01-01'))).toHaveLength(366);
    expect(() => daysOf(day('2024-01-01'), day('2025-01-02'))).toThrow(BadRequestException);
  });

  it('fills every day, zeros included, and ignores rows outside the range', () => {
    const days = daysOf(day('2026-11-24'), day('2026-11-26'));
    const rows = [
      { day: day('2026-11-25'), severity: 'HIGH', count: 2 },
      { day: day('2026-11-25'), severity: 'LOW', count: 1 },
      { day: day('2026-11-27'), severity: 'LOW', count: 9 },
    ];
    expect(fillDays(days, rows)).toEqual([
      { day: '2026-11-24', total: 0, by_severity: { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 } },
      { day: '2026-11-25', total: 3, by_severity: { LOW: 1, MEDIUM: 0, HIGH: 2, CRITICAL: 0 } },
    ]);
  });
});
