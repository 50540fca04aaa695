import { retryAfterSeconds, windowStart, type ThrottlePolicy } from './login-throttle';

const policy: ThrottlePolicy = { maxAttempts: 5, windowMs: 15 * 60_000 };
const now = new Date('2025-11-25T12:00:00.000Z');

describe('login throttle window', () => {
  it('starts the window one window length before now', () => {
    expect(windowStart(now, policy).toISOString()).toBe('2025-11-25T11:45:00.000Z');
  });

  it('tells the client to wait until the oldest counted failure leaves the window', () => {
    expect(retryAfterSeconds(new Date('2025-11-25T11:50:00.000Z'), now, policy)).toBe(300);
    expect(retryAfterSeconds(now, now, policy)).toBe(900);
  });

  it('rounds up, so a client that waits exactly that long is let in', () => {
    expect(retryAfterSeconds(new Date('2025-11-25T11:45:00.400Z'), now, policy)).toBe(1);
    expect(retryAfterSeconds(new Date('2025-11-25T11:50:00.001Z'), now, policy)).toBe(301);
  });

  it('never answers less than one second', () => {
    expect(retryAfterSeconds(new Date('2025-11-25T11:40:00.000Z'), now, policy)).toBe(1);
  });
});
