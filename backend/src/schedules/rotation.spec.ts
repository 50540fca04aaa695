import { layerShifts, type LayerRotation } from './rotation';

const weeklyBerlin: LayerRotation = {
  rotation: 'WEEKLY',
  rotationHours: null,
  handoffTime: '09:00',
  startDate: '2026-03-16', // a Monday
  timeZone: 'Europe/Berlin',
  participantIds: ['ann', 'bob', 'cy'],
};

const iso = (shifts: { userId: string; start: Date; end: Date }[]) =>
  shifts.map((s) => `${s.userId} ${s.start.toISOString()} ${s.end.toISOString()}`);

describe('layerShifts', () => {
  it('hands a weekly rotation over at 09:00 Berlin time on both sides of the March DST change', () => {
    // Berlin moves from UTC+1 to UTC+2 on Sunday 2026-03-29: 09:00 local is 08:00Z before, 07:00Z after.
    expect(iso(layerShifts(weeklyBerlin, new Date('2026-03-16T00:00:00Z'), new Date('2026-04-07T00:00:00Z')))).toEqual([
      'ann 2026-03-16T08:00:00.000Z 2026-03-23T08:00:00.000Z',
      'bob 2026-03-23T08:00:00.000Z 2026-03-30T07:00:00.000Z',
      'cy 2026-03-30T07:00:00.000Z 2026-04-06T07:00:00.000Z',
      'ann 2026-04-06T07:00:00.000Z 2026-04-13T07:00:00.000Z',
    ]);
  });

  it('keeps 09:00 local across the October DST change, long after the start', () => {
    // Berlin goes back to UTC+1 on Sunday 2026-10-25.
    const shifts = layerShifts(weeklyBerlin, new Date('2026-10-20T00:00:00Z'), new Date('2026-10-27T00:00:00Z'));
    expect(shifts.map((s) => s.start.toISOString())).toEqual(['2026-10-19T07:00:00.000Z', '2026-10-26T08:00:00.000Z']);
    // 31 weeks after the start: turn 31 -> participant 31 % 3 = 1.
    expect(shifts[0]!.userId).toBe('bob');
  });

  it('has nobody before the first hand-off and returns whole turns overlapping the window', () => {
    expect(layerShifts(weeklyBerlin, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-16T08:00:00Z'))).toEqual([]);
    const [only] = layerShifts(weeklyBerlin, new Date('2026-03-18T00:00:00Z'), new Date('2026-03-18T00:00:01Z'));
    expect(only).toEqual({ userId: 'ann', start: new Date('2026-03-16T08:00:00Z'), end: new Date('2026-03-23T08:00:00Z') });
  });

  it('rotates daily at local midnight in New York across the November change', () => {
    const daily: LayerRotation = {
      ...weeklyBerlin,
      rotation: 'DAILY',
      handoffTime: '00:00',
      startDate: '2026-10-31',
      timeZone: 'America/New_York',
    };
    const shifts = layerShifts(daily, new Date('2026-10-31T12:00:00Z'), new Date('2026-11-02T12:00:00Z'));
    // 2026-11-01 is 25 hours long in New York.
    expect(iso(shifts)).toEqual([
      'ann 2026-10-31T04:00:00.000Z 2026-11-01T04:00:00.000Z',
      'bob 2026-11-01T04:00:00.000Z 2026-11-02T05:00:00.000Z',
      'cy 2026-11-02T05:00:00.000Z 2026-11-03T05:00:00.000Z',
    ]);
  });

  it('keeps HOURS turns at a fixed length, so their local time moves by the DST change', () => {
    const twelve: LayerRotation = { ...weeklyBerlin, rotation: 'HOURS', rotationHours: 12, startDate: '2026-03-28' };
    const shifts = layerShifts(twelve, new Date('2026-03-28T08:00:00Z'), new Date('2026-03-30T08:00:00Z'));
    expect(shifts.map((s) => s.end.getTime() - s.start.getTime())).toEqual(Array(4).fill(12 * 3_600_000));
    expect(shifts.map((s) => s.userId)).toEqual(['ann', 'bob', 'cy', 'ann']);
    // 09:00 CET on the 28th; two days (48 h) later it is 10:00 CEST.
    expect(shifts[3]!.end.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('moves a hand-off inside the spring-forward gap to just after it', () => {
    const night: LayerRotation = { ...weeklyBerlin, rotation: 'DAILY', handoffTime: '02:30', startDate: '2026-03-28' };
    const starts = layerShifts(night, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00Z')).map((s) => s.start.toISOString());
    // 02:30 does not exist on 2026-03-29 in Berlin; the day after it is 02:30 again.
    expect(starts).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('has no turns without participants or for an empty window', () => {
    expect(layerShifts({ ...weeklyBerlin, participantIds: [] }, new Date('2026-04-01Z'), new Date('2026-05-01Z'))).toEqual([]);
    expect(layerShifts(weeklyBerlin, new Date('2026-05-01Z'), new Date('2026-05-01Z'))).toEqual([]);
  });
});
