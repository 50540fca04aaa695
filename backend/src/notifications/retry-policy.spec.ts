import { decideAfterAttempt, isRetryableStatus, MAX_RETRY_DELAY_MS, retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  it('doubles from the base, half fixed and half random', () => {
    expect(retryDelayMs(1, 8000, () => 0)).toBe(4000);
    expect(retryDelayMs(1, 8000, () => 1)).toBe(8000);
    expect(retryDelayMs(4, 8000, () => 0)).toBe(32_000);
    expect(retryDelayMs(4, 8000, () => 1)).toBe(64_000);
  });

  it('never waits longer than the ceiling, even after many attempts', () => {
    expect(retryDelayMs(60, 8000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('spreads ten attempts from the default 8 s base over roughly an hour', () => {
    const span = (random: () => number) =>
      Array.from({ length: 9 }, (_, i) => retryDelayMs(i + 1, 8000, random)).reduce((a, b) => a + b, 0);
    expect(span(() => 0) / 60_000).toBeGreaterThan(30);
    expect(span(() => 1) / 60_000).toBeLessThan(75);
  });
});

describe('decideAfterAttempt', () => {
  const policy = { maxAttempts: 3, baseMs: 100 };

  it('counts any 2xx as delivered', () => {
    expect(decideAfterAttempt({ statusCode: 204 }, 1, policy)).toEqual({ outcome: 'delivered', statusCode: 204 });
  });

  it('retries 5xx, timeouts and network errors until the last attempt, then fails', () => {
    expect(decideAfterAttempt({ statusCode: 500, error: 'HTTP 500' }, 1, policy).outcome).toBe('retry');
    expect(decideAfterAttempt({ error: 'timed out after 5000 ms' }, 2, policy).outcome).toBe('retry');
    expect(decideAfterAttempt({ statusCode: 503, error: 'HTTP 503' }, 3, policy)).toMatchObject({
      outcome: 'failed',
      error: 'gave up after 3 attempts: HTTP 503',
    });
  });

  it('fails at once on 4xx other than 408/425/429, on 3xx and on refused destinations', () => {
    expect(decideAfterAttempt({ statusCode: 404, error: 'HTTP 404' }, 1, policy).outcome).toBe('failed');
    expect(decideAfterAttempt({ statusCode: 301, error: 'HTTP 301' }, 1, policy).outcome).toBe('failed');
    expect(decideAfterAttempt({ refused: true, error: 'refused' }, 1, policy).outcome).toBe('failed');
    expect([408, 425, 429, 500, 502].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 422].some(isRetryableStatus)).toBe(false);
  });

  it('waits at least as long as Retry-After asks', () => {
    const decision = decideAfterAttempt({ statusCode: 429, error: 'HTTP 429', retryAfterMs: 60_000 }, 1, policy, () => 0);
    expect(decision).toMatchObject({ outcome: 'retry', delayMs: 60_000 });
  });
});
