import { capCrossings } from './rule-cap';

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
