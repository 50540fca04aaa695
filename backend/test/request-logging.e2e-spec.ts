import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app';

/** The app's log lines as parsed JSON (each must be one). */
class CapturedLog {
  readonly raw: string[] = [];
  write(line: string): void {
    this.raw.push(line);
  }
  get text(): string {
    return this.raw.join('');
  }
  lines(): Record<string, any>[] {
    return this.raw.map((line) => JSON.parse(line));
  }
}

describe('structured request logs', () => {
  let t: TestApp;
  const log = new CapturedLog();

  beforeAll(async () => {
    // verbose: the most the service ever writes, so a credential anywhere would show.
    t = await startTestApp({ env: { LOG_LEVEL: 'verbose' }, logDestination: log });
  });
  afterAll(() => t?.close());

  it('writes one JSON line per request, with the request id it echoes in X-Request-Id', async () => {
    const res = await t.request('GET', '/incidents?limit=1', { token: t.tokens.viewer, headers: { 'x-request-id': 'edge-7f3a.b_2' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('edge-7f3a.b_2');
    const line = log.lines().find((l) => l.req_id === 'edge-7f3a.b_2' && l.msg === 'request completed');
    expect(line).toMatchObject({ level: 'info', req: { method: 'GET', route: '/incidents' }, res: { status: 200 } });
    expect(typeof line!.response_time_ms).toBe('number');
  });

  it('replaces an unusable incoming request id (too long, odd characters) with its own', async () => {
    for (const given of ['x'.repeat(129), 'has space', 'inject"quote']) {
      const res = await t.request('GET', '/health', { headers: { 'x-request-id': given } });
      const id = res.headers.get('x-request-id')!;
      expect(id).not.toBe(given);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('tags lines written by the services during a request with its request id', async () => {
    // A login refused by the throttle logs (at debug) from inside the request.
    const email = `throttled-${Date.now()}@example.test`;
    let last;
    for (let i = 0; i < 8; i++) {
      last = await t.request('POST', '/auth/login', {
        body: { email, password: 'wrong-password-xyz' },
        headers: { 'x-request-id': `throttle-${i}` },
      });
    }
    expect(last!.status).toBe(429);
    const serviceLine = log.lines().find((l) => l.context === 'LoginThrottle' && String(l.req_id).startsWith('throttle-'));
    expect(serviceLine).toBeDefined();
  });

  it('never writes a bearer token, an API key, a password or a query-string token', async () => {
    const queryToken = 'qs-secret-token-4b1d9e';
    const password = 'login-password-7c2e9a-visible';
    await t.request('GET', `/incidents?limit=1&token=${queryToken}`, { token: t.tokens.admin });
    await t.request('GET', `/no-such-page?access_token=${queryToken}&API_KEY=${queryToken}`);
    await t.request('POST', '/ingest', { apiKey: t.apiKey, body: { service_id: 'logging-test', level: 'INFO', message: 'hello' } });
    await t.request('POST', '/ingest', { apiKey: t.apiKey, body: [{ service_id: 'logging-test', level: 'LOUD' }] });
    await t.request('POST', '/ingest', {
      headers: { authorization: `Bearer ${t.apiKey}` },
      body: { service_id: 'x', level: 'INFO', message: 'm' },
    });
    await t.request('POST', '/auth/login', { body: { email: t.users.admin.email, password } });
    await t.request('POST', '/auth/login', { body: { email: t.users.admin.email, password: TEST_PASSWORD } });
    await t.request('POST', '/auth/password', {
      token: t.tokens.viewer,
      body: { current_password: password, new_password: password + '!' },
    });
    // A stream's token travels in the query string (EventSource cannot send headers).
    await t.request('GET', `/incidents?limit=1&token=${t.tokens.viewer}`);

    const written = log.text;
    expect(written.length).toBeGreaterThan(0);
    for (const secret of [queryToken, password, TEST_PASSWORD, t.apiKey, t.tokens.admin, t.tokens.viewer]) {
      expect(written).not.toContain(secret);
    }
    expect(written).toContain('token=[REDACTED]');
    // Every line is JSON.
    expect(() => log.lines()).not.toThrow();
  });
});
