import type { LogRow } from './log-validation';
import { WriteQueue, type PendingWrite } from './write-queue';

const row: LogRow = { timestampMs: 0, serviceId: 's', level: 'INFO', message: 'm', metadata: null };
const write = (rows: number): PendingWrite => ({
  rows: Array.from({ length: rows }, () => row),
  enqueuedAt: 0,
  settled: false,
  resolve: () => undefined,
  reject: () => undefined,
});

describe('WriteQueue', () => {
  it('hands out whole requests in arrival order, up to the row budget', () => {
    const queue = new WriteQueue();
    const [a, b, c] = [write(3), write(4), write(2)];
    for (const w of [a, b, c]) queue.push(w);
    expect(queue.rows).toBe(9);
    expect(queue.takeBatch(8)).toEqual([a, b]);
    expect(queue.rows).toBe(2);
    expect(queue.takeBatch(8)).toEqual([c]);
    expect(queue.length).toBe(0);
  });

  it('hands out a request larger than the budget alone rather than splitting it', () => {
    const queue = new WriteQueue();
    const big = write(10);
    queue.push(big);
    queue.push(write(1));
    expect(queue.takeBatch(5)).toEqual([big]);
  });

  it('stays correct across many pushes and shifts', () => {
    const queue = new WriteQueue();
    for (let i = 0; i < 5000; i++) queue.push(write(1));
    for (let i = 0; i < 4000; i++) queue.shift();
    expect(queue.length).toBe(1000);
    expect(queue.rows).toBe(1000);
    expect(queue.takeBatch(10_000)).toHaveLength(1000);
  });
});
