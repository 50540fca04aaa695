import { pageSummary, StepTargets } from './step-targets';

const at = new Date('2026-11-27T10:00:00Z');

describe('StepTargets', () => {
  it('pages users and channels as given, and the person on call for a schedule at the time of the step', async () => {
    const asked: Array<[string, Date]> = [];
    const targets = new StepTargets({
      onCallUserId: async (scheduleId, when) => {
        asked.push([scheduleId, when]);
        return scheduleId === 'sched-a' ? 'user-on-call' : null;
      },
    });
    const resolved = await targets.at(at)([
      { type: 'USER', id: 'user-1' },
      { type: 'SCHEDULE', id: 'sched-a' },
      { type: 'SCHEDULE', id: 'sched-empty' },
      { type: 'CHANNEL', id: 'channel-1' },
      { type: 'USER', id: 'user-on-call' },
    ]);
    expect(resolved).toEqual({ userIds: ['user-1', 'user-on-call'], channelIds: ['channel-1'], unstaffedScheduleIds: ['sched-empty'] });
    expect(asked).toEqual([
      ['sched-a', at],
      ['sched-empty', at],
    ]);
    expect(targets.canResolveSchedules).toBe(true);
  });

  it('cannot resolve schedules without an on-call lookup', async () => {
    const targets = new StepTargets();
    expect(targets.canResolveSchedules).toBe(false);
    expect((await targets.at(at)([{ type: 'SCHEDULE', id: 's' }])).unstaffedScheduleIds).toEqual(['s']);
  });

  it('asks who is on call once per schedule for all the steps of one batch', async () => {
    let asked = 0;
    const resolve = new StepTargets({ onCallUserId: async () => (asked++, 'user-on-call') }).at(at);
    await resolve([{ type: 'SCHEDULE', id: 'sched-a' }]);
    await resolve([
      { type: 'SCHEDULE', id: 'sched-a' },
      { type: 'USER', id: 'user-1' },
    ]);
    expect(asked).toBe(1);
  });
});

describe('pageSummary', () => {
  it('says which step of which round paged whom', () => {
    expect(pageSummary(2, 1, 'Checkout', { userIds: ['a', 'b'], channelIds: ['c'], unstaffedScheduleIds: [] })).toBe(
      'step 2 (round 1) of "Checkout": paged 2 users, 1 channel',
    );
    expect(pageSummary(1, 3, 'Checkout', { userIds: [], channelIds: [], unstaffedScheduleIds: ['s'] })).toBe(
      'step 1 (round 3) of "Checkout": nobody to page; 1 schedule with nobody on call',
    );
  });
});
