import { capCrossings, capGroups } from './rule-cap';

const crossing = (serviceId: string, count: number) => ({ serviceId, count });

describe('capCrossings', () => {
  it('gives the loudest crossings the room left this minute and groups the rest', () => {
    const crossings = [crossing('a', 6), crossing('b', 40), crossing('c', 6), crossing('d', 9)];
    expect(capCrossings(crossings, 1, 3)).toEqual({
      individual: [crossing('b', 40), crossing('d', 9)],
      grouped: [crossing('a', 6), crossing('c', 6)],
    });
  });

  it('opens everything under the limit and nothing once it is reached', () => {
    const crossings = [crossing('a', 6), crossing('b', 7)];
    expect(capCrossings(crossings, 0, 10).grouped).toEqual([]);
    expect(capCrossings(crossings, 10, 10).individual).toEqual([]);
    expect(capCrossings(crossings, 12, 10).grouped).toHaveLength(2);
  });
});

describe('capGroups', () => {
  const group = (value: string, count: number) => ({ serviceId: 'api', count, fingerprint: `rule:r:service:api:group:${value}` });

  it('fills the room left under the group cap with the loudest groups, the rest are over it', () => {
    const crossings = [group('web-3', 2), group('web-1', 9), group('web-2', 2)];
    expect(capGroups(crossings, 1, 3)).toEqual({ within: [group('web-1', 9), group('web-2', 2)], over: [group('web-3', 2)] });
  });

  it('opens no group once the cap is reached', () => {
    expect(capGroups([group('a', 5)], 3, 3)).toEqual({ within: [], over: [group('a', 5)] });
  });
});
