import { jest } from '@jest/globals';
import { ScrapeTimeValue } from './scrape-time-value';

describe('ScrapeTimeValue', () => {
  let now = 0;
  const options = (onError = jest.fn()) => ({ ttlMs: 5000, timeoutMs: 50, onError, now: () => now });

  beforeEach(() => (now = 1_000_000));

  it('reads once per ttl however often it is asked', async () => {
    const read = jest.fn(async () => 7);
    const value = new ScrapeTimeValue(read, options());
    expect(await value.current()).toBe(7);
    now += 4999;
    expect(await Promise.all([value.current(), value.current()])).toEqual([7, 7]);
    expect(read).toHaveBeenCalledTimes(1);
    now += 1;
    await value.current();
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('answers within its timeout with the last value while a read hangs, and never starts a second read meanwhile', async () => {
    let answer = 1;
    let release: () => void = () => undefined;
    const read = jest.fn(() => (answer === 1 ? Promise.resolve(answer++) : new Promise<number>((resolve) => (release = () => resolve(9)))));
    const value = new ScrapeTimeValue(read, options());
    expect(await value.current()).toBe(1);
    now += 6000;
    const started = Date.now();
    expect(await value.current()).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    now += 6000;
    expect(await value.current()).toBe(1);
    expect(read).toHaveBeenCalledTimes(2);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    now += 1;
    expect(await value.current()).toBe(9);
  });

  it('reports a failed read and keeps the last good value', async () => {
    const onError = jest.fn();
    let fail = false;
    const value = new ScrapeTimeValue(async () => {
      if (fail) throw new Error('database down');
      return 3;
    }, options(onError));
    expect(await value.current()).toBe(3);
    fail = true;
    now += 6000;
    expect(await value.current()).toBe(3);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
