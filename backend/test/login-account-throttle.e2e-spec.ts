import { loginFrom, uniqueEmail } from './support/auth-helpers';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Guessing one account from many addresses is limited per account; an owner who signed in
 * from an address before is not locked out by it; behind a declared proxy (TRUST_PROXY) the
 * limits apply to each forwarded client, not to the proxy.
 */
describe('login throttling per account and behind a trusted proxy', () => {
  let t: TestApp;
  // A second instance behind a declared proxy, closed last (Passport's strategy registry is
  // process-wide; login, all it is used for here, does not depend on it).
  let proxied: TestApp;
  const WRONG = 'not-the-password-at-all';

  beforeAll(async () => {
    t = await startTestApp();
    proxied = await startTestApp({ databaseUrl: t.databaseUrl, seed: false, env: { TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    await proxied.close();
    await t.close();
  });

  async function createUser() {
    const email = uniqueEmail('owner');
    const password = 'a-good-long-password';
    const res = await t.request('POST', '/users', { token: t.tokens.admin, body: { email, password, role: 'VIEWER' } });
    expect(res.status).toBe(201);
    return { email, password };
  }

  /** 10 failures one after another from 10 addresses, then 10 more guesses at once from 10 others. */
  async function guessFromTwentyAddresses(email: string, subnet: string) {
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i++) statuses.push((await loginFrom(t, `${subnet}.${i}`, { email, password: WRONG })).status);
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => loginFrom(t, `${subnet}.${11 + i}`, { email, password: WRONG })));
    return { statuses: [...statuses, ...burst.map((res) => res.status)], refused: burst.filter((res) => res.status === 429) };
  }

  it('throttles 20 guesses at one account from 20 addresses once 10 have failed', async () => {
    const { email } = await createUser();
    const { statuses, refused } = await guessFromTwentyAddresses(email, '127.0.8');
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    // The 11th failure needs 1 s since the 10th (LOGIN_ACCOUNT_MAX_ATTEMPTS=10, then 1 s, 2 s,
    // 4 s...): of the burst, at most one can be that late; the others are refused.
    expect(refused.length).toBeGreaterThanOrEqual(9);
    expect(refused[0]!.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/try again in \d+ seconds/),
    });
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused[0]!.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
  });

  it('answers an unknown email exactly alike, so the throttle does not tell which accounts exist', async () => {
    const { statuses, refused } = await guessFromTwentyAddresses(uniqueEmail('nobody'), '127.0.9');
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(refused.length).toBeGreaterThanOrEqual(9);
  });

  it('still lets the owner in from an address that signed in before, while strangers wait out the backoff', async () => {
    const owner = await createUser();
    expect((await loginFrom(t, '127.0.10.1', owner)).status).toBe(200);
    // 30 failures within the last minute from 30 other addresses: the backoff is at its longest.
    await t.pool.query(
      `INSERT INTO login_attempts (email, ip, attempted_at) SELECT $1, '198.51.100.' || g, now() FROM generate_series(1, 30) AS g`,
      [owner.email],
    );
    const stranger = await loginFrom(t, '127.0.10.2', owner);
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(14 * 60);
    // The trade-off (see the README): the owner on a new address waits too; on a known one, not.
    expect((await loginFrom(t, '127.0.10.1', owner)).status).toBe(200);
  });

  describe('TRUST_PROXY', () => {
    const viaProxy = (app: TestApp, client: string, body: { email: string; password: string }, from = '127.0.0.1') =>
      loginFrom(app, from, body, { 'x-forwarded-for': client });

    it("counts each forwarded client on its own: one client's failures do not lock the owner out", async () => {
      const owner = await createUser();
      for (let i = 0; i < 5; i++)
        expect((await viaProxy(proxied, '203.0.113.7', { email: owner.email, password: WRONG })).status).toBe(401);
      expect((await viaProxy(proxied, '203.0.113.7', { email: owner.email, password: WRONG })).status).toBe(429);
      expect((await viaProxy(proxied, '198.51.100.4', owner)).status).toBe(200);
    });

    it('counts one IPv6 /64 as one client (a host usually has the whole /64 to pick from)', async () => {
      const { email } = await createUser();
      for (let i = 1; i <= 5; i++) expect((await viaProxy(proxied, `2001:db8:5:6::${i}`, { email, password: WRONG })).status).toBe(401);
      expect((await viaProxy(proxied, '2001:db8:5:6:ffff::9', { email, password: WRONG })).status).toBe(429);
      expect((await viaProxy(proxied, '2001:db8:5:7::1', { email, password: WRONG })).status).toBe(401);
    });

    it('ignores X-Forwarded-For from a peer that is not a declared proxy', async () => {
      const { email } = await createUser();
      for (let i = 1; i <= 5; i++)
        expect((await viaProxy(proxied, `192.0.2.${i}`, { email, password: WRONG }, '127.0.12.1')).status).toBe(401);
      expect((await viaProxy(proxied, '192.0.2.99', { email, password: WRONG }, '127.0.12.1')).status).toBe(429);
    });

    it('is off by default: a forged X-Forwarded-For does not dodge the limit', async () => {
      const { email } = await createUser();
      for (let i = 1; i <= 5; i++) expect((await viaProxy(t, `192.0.2.${i}`, { email, password: WRONG }, '127.0.13.1')).status).toBe(401);
      expect((await viaProxy(t, '192.0.2.99', { email, password: WRONG }, '127.0.13.1')).status).toBe(429);
    });
  });
});
