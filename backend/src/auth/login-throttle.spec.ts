import {
  accountBackoffMs,
  attemptRefusal,
  retryAfterSeconds,
  windowStart,
  type AttemptHistory,
  type ThrottlePolicy,
} from './login-throttle';

const policy: ThrottlePolicy = { maxAttempts: 5, windowMs: 15 * 60_000, accountMaxAttempts: 10 };
const now = new Date('2025-11-25T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

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

describe('per-account backoff', () => {
  it('starts at the account limit with 1 s and doubles with each further failure, up to the window', () => {
    expect(accountBackoffMs(9, policy)).toBe(0);
    expect([10, 11, 12, 13].map((n) => accountBackoffMs(n, policy))).toEqual([1000, 2000, 4000, 8000]);
    expect(accountBackoffMs(20, policy)).toBe(15 * 60_000);
    expect(accountBackoffMs(500, policy)).toBe(15 * 60_000);
  });
});

describe('attemptRefusal', () => {
  const history = (changes: Partial<AttemptHistory> = {}): AttemptHistory => ({
    pairFailures: 0,
    pairOldest: null,
    accountFailures: 0,
    accountLatest: null,
    knownAddress: false,
    ...changes,
  });

  it('allows an attempt with no failures counted', () => {
    expect(attemptRefusal(history(), now, policy)).toBeUndefined();
  });

  it('allows a stranger below the account limit, even when a parallel attempt recorded a later time', () => {
    const later = new Date(now.getTime() + 300);
    expect(
      attemptRefusal(history({ pairFailures: 4, pairOldest: now, accountFailures: 9, accountLatest: later }), now, policy),
    ).toBeUndefined();
  });

  it('refuses the pair at maxAttempts until its oldest failure leaves the window, known address or not', () => {
    const locked = history({ pairFailures: 5, pairOldest: ago(10 * 60_000), accountFailures: 5, accountLatest: ago(1000) });
    expect(attemptRefusal(locked, now, policy)).toBe(300);
    expect(attemptRefusal({ ...locked, knownAddress: true }, now, policy)).toBe(300);
    expect(attemptRefusal({ ...locked, pairFailures: 4 }, now, policy)).toBeUndefined();
  });

  it('makes a stranger wait out the account backoff after the latest failure', () => {
    expect(attemptRefusal(history({ accountFailures: 10, accountLatest: ago(200) }), now, policy)).toBe(1);
    expect(attemptRefusal(history({ accountFailures: 10, accountLatest: ago(1000) }), now, policy)).toBeUndefined();
    expect(attemptRefusal(history({ accountFailures: 13, accountLatest: ago(3000) }), now, policy)).toBe(5);
    expect(attemptRefusal(history({ accountFailures: 40, accountLatest: ago(60_000) }), now, policy)).toBe(14 * 60);
  });

  it('spares an address that signed in to the account recently', () => {
    expect(attemptRefusal(history({ accountFailures: 40, accountLatest: ago(1), knownAddress: true }), now, policy)).toBeUndefined();
  });
});
