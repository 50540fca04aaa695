import { PendingSpans } from './pending-spans';

const span = (first: number, last: number, fromMs?: number, toMs?: number) => ({
  firstId: BigInt(first),
  lastId: BigInt(last),
  fromMs,
  toMs,
  count: last - first + 1,
});

describe('PendingSpans', () => {
  it('reads everything waiting as one span: lowest to highest id, earliest to latest time', () => {
    const pending = new PendingSpans();
    pending.add(span(200, 299, 50, 60));
    pending.add(span(100, 199, 10, 20));
    expect(pending.takeAll()).toEqual({ firstId: 100n, lastId: 299n, fromMs: 10, toMs: 60, count: 200 });
    expect(pending.isEmpty).toBe(true);
    expect(pending.takeAll()).toBeUndefined();
  });

  it('drops the time bounds when one span has none (a catch-up after a reconnect)', () => {
    const pending = new PendingSpans();
    pending.add(span(1, 10, 5, 6));
    pending.add(span(11, 20));
    expect(pending.takeAll()).toMatchObject({ fromMs: undefined, toMs: undefined });
  });

  it('gives up the oldest spans beyond the backlog allowed, never the newest, and counts what it gave up', () => {
    const pending = new PendingSpans();
    pending.add(span(1, 100));
    pending.add(span(101, 200));
    pending.add(span(201, 300));
    expect(pending.trim(150)).toBe(200);
    expect(pending.takeAll()).toMatchObject({ firstId: 201n, lastId: 300n, count: 100 });
    pending.add(span(1, 1000));
    expect(pending.trim(10)).toBe(0);
    expect(pending.rows).toBe(1000);
  });

  it('puts the unread rest of a limited read in front', () => {
    const pending = new PendingSpans();
    pending.add(span(500, 600));
    pending.putBack(span(300, 400));
    expect(pending.trim(150)).toBe(101);
    expect(pending.takeAll()).toMatchObject({ firstId: 500n, lastId: 600n });
  });
});
