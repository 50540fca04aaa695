import { LoginThrottleService } from '../src/auth/login-throttle.service';
import { craftJwt, nowSeconds, recordingRequests, uniqueEmail, unsignedJwt } from './support/auth-helpers';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app';

describe('authentication: login, tokens, own password and login throttling', () => {
  let t: TestApp;
  // Passport keeps strategies in a process-wide registry: a second app in this process takes
  // over the 'jwt' strategy (and its database pool) for both. So it is closed only at the end.
  let second: TestApp | undefined;
  const { request, responses } = recordingRequests(() => t);
  // This file signs in ~100 times within a minute, all from 127.0.0.1: the per-address budget
  // (its own tests are in login-contention.e2e-spec.ts) would otherwise answer 429 to most.
  const env = { LOGIN_ADDRESS_MAX_PER_MINUTE: '1000' };

  beforeAll(async () => {
    t = await startTestApp({ env });
  });
  afterAll(async () => {
    await second?.close();
    await t.close();
  });

  /** A user created through the API (bcrypt cost as in production), with its password. */
  async function createUser(role: 'ADMIN' | 'RESPONDER' | 'VIEWER' = 'VIEWER', password = 'a-good-long-password') {
    const email = uniqueEmail(role.toLowerCase());
    const res = await request('POST', '/users', { token: t.tokens.admin, body: { email, password, role } });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, password, role };
  }

  const login = (email: string, password: string) => request('POST', '/auth/login', { body: { email, password } });

  describe('POST /auth/login', () => {
    it('answers 200 with a bearer token that works, for the right email and password', async () => {
      const res = await login(t.users.responder.email, TEST_PASSWORD);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
      const header = JSON.parse(Buffer.from(res.body.access_token.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');
      const me = await request('GET', '/auth/me', { token: res.body.access_token });
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(t.users.responder.email);
    });

    it('accepts the email in any letter case and with surrounding spaces', async () => {
      const res = await login(`  ${t.users.viewer.email.toUpperCase()} `, TEST_PASSWORD);
      expect(res.status).toBe(200);
    });

    it('gives unknown email and wrong password the very same 401', async () => {
      const unknown = await login(uniqueEmail('nobody'), TEST_PASSWORD);
      const wrong = await login(t.users.viewer.email, 'not-the-password');
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(unknown.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password' });
      await login(t.users.viewer.email, TEST_PASSWORD); // clears the failure
    });

    it('takes comparable time for an unknown email and a wrong password', async () => {
      const user = await createUser();
      const unknownMs: number[] = [];
      const wrongMs: number[] = [];
      // Interleaved, so both see the same load on the shared machine.
      for (let i = 0; i < 3; i++) {
        let started = performance.now();
        expect((await login(uniqueEmail('ghost'), 'whatever-password')).status).toBe(401);
        unknownMs.push(performance.now() - started);
        started = performance.now();
        expect((await login(user.email, 'whatever-password')).status).toBe(401);
        wrongMs.push(performance.now() - started);
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
      // Without the dummy hash an unknown email answers in ~5 ms against ~280 ms.
      expect(median(unknownMs) / median(wrongMs)).toBeGreaterThan(0.4);
      expect(median(unknownMs) / median(wrongMs)).toBeLessThan(2.5);
    });

    it('refuses a deactivated user with the same 401, even with the right password', async () => {
      const user = await createUser();
      expect((await request('DELETE', `/users/${user.id}`, { token: t.tokens.admin })).status).toBe(200);
      const res = await login(user.email, user.password);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('Invalid email or password');
    });

    it('answers 400 naming the field when email or password is missing or malformed', async () => {
      const noPassword = await request('POST', '/auth/login', { body: { email: t.users.admin.email } });
      expect(noPassword.status).toBe(400);
      expect(noPassword.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
      const badEmail = await request('POST', '/auth/login', { body: { email: 'not-an-email', password: 'x' } });
      expect(badEmail.status).toBe(400);
      expect(badEmail.body.details).toEqual([expect.objectContaining({ field: 'email' })]);
    });
  });

  describe('GET /auth/me and token checks', () => {
    it.each(['admin', 'responder', 'viewer'] as const)('shows %s their own account, without a password hash', async (name) => {
      const res = await request('GET', '/auth/me', { token: t.tokens[name] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: t.users[name].id,
        email: t.users[name].email,
        role: name.toUpperCase(),
        active: true,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
    });

    it('answers 401 without a token, or with a malformed one', async () => {
      expect((await request('GET', '/auth/me')).status).toBe(401);
      expect((await request('GET', '/auth/me', { token: 'not.a.jwt' })).status).toBe(401);
      expect((await request('GET', '/auth/me', { headers: { authorization: `Basic ${t.tokens.admin}` } })).status).toBe(401);
    });

    const claims = () => ({ sub: t.users.admin.id, email: t.users.admin.email, role: 'ADMIN' });

    it('accepts a hand-crafted token signed with the real key (so the refusals below are meaningful)', async () => {
      const token = craftJwt({ ...claims(), iat: nowSeconds(), exp: nowSeconds() + 60 }, t.config.auth.jwtSecret);
      expect((await request('GET', '/auth/me', { token })).status).toBe(200);
    });

    it('answers 401 for an expired token', async () => {
      const token = craftJwt({ ...claims(), iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }, t.config.auth.jwtSecret);
      const res = await request('GET', '/auth/me', { token });
      expect(res.status).toBe(401);
    });

    it('answers 401 for a well-signed token without `exp`, on HTTP routes and live streams alike', async () => {
      const token = craftJwt({ ...claims(), iat: nowSeconds() }, t.config.auth.jwtSecret);
      const me = await request('GET', '/auth/me', { token });
      expect(me.status).toBe(401);
      expect(me.body.message).toMatch(/exp/);
      // SSE: a 200 here would be an open stream, so read the status and drop the body.
      const events = await fetch(`${t.baseUrl}/events`, { headers: { authorization: `Bearer ${token}` } });
      await events.body?.cancel();
      expect(events.status).toBe(401);
    });

    it('answers 401 once a token signed by the app itself expires', async () => {
      const token = await t.signToken({ ...t.users.viewer, role: 'VIEWER' }, { expiresIn: 1 });
      expect((await request('GET', '/auth/me', { token })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect((await request('GET', '/auth/me', { token })).status).toBe(401);
    });

    it('answers 401 for a forged signature', async () => {
      const token = craftJwt({ ...claims(), iat: nowSeconds(), exp: nowSeconds() + 60 }, 'x'.repeat(64));
      expect((await request('GET', '/auth/me', { token })).status).toBe(401);
      const [header, , signature] = t.tokens.viewer.split('.');
      const elevated = Buffer.from(JSON.stringify({ ...claims(), iat: nowSeconds(), exp: nowSeconds() + 60 })).toString('base64url');
      expect((await request('GET', '/users', { token: `${header}.${elevated}.${signature}` })).status).toBe(401);
    });

    it('answers 401 for an `alg: none` token and for an algorithm other than HS256', async () => {
      const payload = { ...claims(), iat: nowSeconds(), exp: nowSeconds() + 60 };
      expect((await request('GET', '/auth/me', { token: unsignedJwt(payload) })).status).toBe(401);
      const hs512 = craftJwt(payload, t.config.auth.jwtSecret, { alg: 'HS512', typ: 'JWT' });
      expect((await request('GET', '/auth/me', { token: hs512 })).status).toBe(401);
    });

    it('answers 401 for a well-signed token of a user who does not exist', async () => {
      const token = craftJwt(
        { sub: '00000000-0000-4000-8000-000000000000', email: 'x@example.test', role: 'ADMIN', exp: nowSeconds() + 60 },
        t.config.auth.jwtSecret,
      );
      expect((await request('GET', '/auth/me', { token })).status).toBe(401);
    });

    it("stops a deactivated user's existing token at once", async () => {
      const user = await createUser('RESPONDER');
      const token = (await login(user.email, user.password)).body.access_token as string;
      expect((await request('GET', '/auth/me', { token })).status).toBe(200);
      expect((await request('DELETE', `/users/${user.id}`, { token: t.tokens.admin })).status).toBe(200);
      const res = await request('GET', '/auth/me', { token });
      expect(res.status).toBe(401);
    });

    it('keeps a deactivated token dead after the user is reactivated', async () => {
      const user = await createUser('VIEWER');
      const token = (await login(user.email, user.password)).body.access_token as string;
      expect((await request('PATCH', `/users/${user.id}`, { token: t.tokens.admin, body: { active: false } })).status).toBe(200);
      expect((await request('PATCH', `/users/${user.id}`, { token: t.tokens.admin, body: { active: true } })).status).toBe(200);
      const res = await request('GET', '/auth/me', { token });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/revoked/);
      expect((await login(user.email, user.password)).status).toBe(200);
    });

    it('refuses a token whose `ver` is not the current one, and counts a token without `ver` as version 0', async () => {
      const claims = { sub: t.users.viewer.id, email: t.users.viewer.email, role: 'VIEWER', iat: nowSeconds(), exp: nowSeconds() + 60 };
      expect((await request('GET', '/auth/me', { token: craftJwt(claims, t.config.auth.jwtSecret) })).status).toBe(200);
      expect((await request('GET', '/auth/me', { token: craftJwt({ ...claims, ver: 0 }, t.config.auth.jwtSecret) })).status).toBe(200);
      expect((await request('GET', '/auth/me', { token: craftJwt({ ...claims, ver: 1 }, t.config.auth.jwtSecret) })).status).toBe(401);
      expect((await request('GET', '/auth/me', { token: craftJwt({ ...claims, ver: '0' }, t.config.auth.jwtSecret) })).status).toBe(401);
    });

    it('takes the role from the database, not from the token, so a demotion applies at once', async () => {
      const user = await createUser('ADMIN');
      const token = (await login(user.email, user.password)).body.access_token as string;
      expect((await request('GET', '/users', { token })).status).toBe(200);
      expect((await request('PATCH', `/users/${user.id}`, { token: t.tokens.admin, body: { role: 'VIEWER' } })).status).toBe(200);
      expect((await request('GET', '/users', { token })).status).toBe(403);
    });
  });

  describe('POST /auth/password', () => {
    it('lets any signed-in user change their own password: the old one stops working, the new one works', async () => {
      const user = await createUser('VIEWER');
      const token = (await login(user.email, user.password)).body.access_token as string;
      const res = await request('POST', '/auth/password', {
        token,
        body: { current_password: user.password, new_password: 'a-brand-new-password' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
      expect((await login(user.email, user.password)).status).toBe(401);
      expect((await login(user.email, 'a-brand-new-password')).status).toBe(200);
    });

    it("revokes every token issued before the change, the caller's too, and answers with a replacement that works", async () => {
      const user = await createUser('RESPONDER');
      const [laptop, phone] = [
        (await login(user.email, user.password)).body.access_token,
        (await login(user.email, user.password)).body.access_token,
      ];
      expect((await request('GET', '/auth/me', { token: phone })).status).toBe(200);

      const res = await request('POST', '/auth/password', {
        token: laptop,
        body: { current_password: user.password, new_password: 'a-brand-new-password' },
      });
      expect(res.status).toBe(200);
      const replacement = res.body.access_token as string;
      // All within the same second as the change, usually: revocation must not depend on `iat`.
      for (const old of [laptop, phone]) {
        const refused = await request('GET', '/auth/me', { token: old });
        expect(refused.status).toBe(401);
        expect(refused.body.message).toMatch(/revoked.*sign in again/i);
        expect((await request('GET', '/incidents', { token: old })).status).toBe(401);
      }
      expect((await request('GET', '/auth/me', { token: replacement })).body).toMatchObject({ id: user.id, active: true });
      const next = (await login(user.email, 'a-brand-new-password')).body.access_token as string;
      expect((await request('GET', '/incidents', { token: next })).status).toBe(200);
      expect((await request('GET', '/incidents', { token: replacement })).status).toBe(200);
    });

    it("leaves other users' tokens alone", async () => {
      const user = await createUser('VIEWER');
      const other = await createUser('VIEWER');
      const otherToken = (await login(other.email, other.password)).body.access_token as string;
      const token = (await login(user.email, user.password)).body.access_token as string;
      const res = await request('POST', '/auth/password', {
        token,
        body: { current_password: user.password, new_password: 'another-new-one-1' },
      });
      expect(res.status).toBe(200);
      expect((await request('GET', '/auth/me', { token: otherToken })).status).toBe(200);
      expect((await request('GET', '/auth/me', { token: t.tokens.viewer })).status).toBe(200);
      expect((await request('GET', '/users', { token: t.tokens.admin })).status).toBe(200);
    });

    it('keeps the tokens when the password change is refused', async () => {
      const user = await createUser('VIEWER');
      const token = (await login(user.email, user.password)).body.access_token as string;
      const wrong = await request('POST', '/auth/password', {
        token,
        body: { current_password: 'not-it-at-all', new_password: 'another-new-one-1' },
      });
      expect(wrong.status).toBe(400);
      expect((await request('GET', '/auth/me', { token })).status).toBe(200);
    });

    it('answers 400 naming current_password when it is wrong', async () => {
      const user = await createUser('RESPONDER');
      const token = (await login(user.email, user.password)).body.access_token as string;
      const res = await request('POST', '/auth/password', {
        token,
        body: { current_password: 'wrong-one', new_password: 'whatever-new-1' },
      });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'current_password', errors: [expect.stringMatching(/incorrect/)] }]);
      expect((await login(user.email, user.password)).status).toBe(200);
    });

    it('answers 400 naming new_password when it is too short or unchanged', async () => {
      const user = await createUser('RESPONDER');
      const token = (await login(user.email, user.password)).body.access_token as string;
      const short = await request('POST', '/auth/password', { token, body: { current_password: user.password, new_password: 'short' } });
      expect(short.status).toBe(400);
      expect(short.body.details).toEqual([expect.objectContaining({ field: 'new_password' })]);
      const same = await request('POST', '/auth/password', {
        token,
        body: { current_password: user.password, new_password: user.password },
      });
      expect(same.status).toBe(400);
      expect(same.body.message).toMatch(/new_password must differ/);
    });

    it('answers 401 without a token', async () => {
      const res = await request('POST', '/auth/password', {
        body: { current_password: 'a-good-long-password', new_password: 'b-good-long-password' },
      });
      expect(res.status).toBe(401);
    });
  });

  describe('login throttling per (email, client IP)', () => {
    const failTimes = async (email: string, times: number) => {
      for (let i = 0; i < times; i++) expect((await login(email, 'wrong-password!')).status).toBe(401);
    };

    it('answers 429 with Retry-After after 5 failures, even for the right password, while other emails still sign in', async () => {
      const victim = await createUser();
      const bystander = await createUser();
      await failTimes(victim.email, 5);
      const locked = await login(victim.email, victim.password);
      expect(locked.status).toBe(429);
      expect(locked.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringMatching(/try again in \d+ seconds/),
      });
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(15 * 60 - 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect((await login(bystander.email, bystander.password)).status).toBe(200);
      expect((await login(bystander.email, 'wrong-password!')).status).toBe(401);
    });

    it('counts Retry-After from the oldest counted failure and lets the user in once it leaves the window', async () => {
      const user = await createUser();
      await failTimes(user.email, 5);
      await t.pool.query("UPDATE login_attempts SET attempted_at = attempted_at - interval '10 minutes' WHERE email = $1", [user.email]);
      const locked = await login(user.email, user.password);
      expect(locked.status).toBe(429);
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(5 * 60 - 60);
      expect(retryAfter).toBeLessThanOrEqual(5 * 60);
      await t.pool.query("UPDATE login_attempts SET attempted_at = attempted_at - interval '6 minutes' WHERE email = $1", [user.email]);
      expect((await login(user.email, user.password)).status).toBe(200);
    });

    it('does not count refused (429) attempts, so hammering does not extend the lockout', async () => {
      const user = await createUser();
      await failTimes(user.email, 5);
      for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong-password!')).status).toBe(429);
      const { rows } = await t.pool.query('SELECT count(*)::int AS n FROM login_attempts WHERE email = $1', [user.email]);
      expect(rows[0].n).toBe(5);
    });

    it("clears the pair's failures on a successful login", async () => {
      const user = await createUser();
      await failTimes(user.email, 4);
      expect((await login(user.email, user.password)).status).toBe(200);
      await failTimes(user.email, 4);
      expect((await login(user.email, user.password)).status).toBe(200);
    });

    it('throttles unknown emails alike, so the 429 does not reveal which emails exist', async () => {
      const email = uniqueEmail('ghost');
      await failTimes(email, 5);
      expect((await login(email, 'wrong-password!')).status).toBe(429);
    });

    it('lets no more than 5 of a burst of parallel guesses through to the password check', async () => {
      const user = await createUser();
      const results = await Promise.all(Array.from({ length: 12 }, () => login(user.email, 'wrong-password!')));
      const statuses = results.map((res) => res.status);
      expect(statuses.filter((status) => status === 429)).toHaveLength(7);
      // The other 5 reach the password check (401); on a very slow machine one may instead wait
      // too long for a hash slot (503).
      expect(statuses.filter((status) => status !== 429).every((status) => status === 401 || status === 503)).toBe(true);
    });

    it('holds across app instances sharing the database', async () => {
      second = await startTestApp({ databaseUrl: t.databaseUrl, seed: false, env: { ...env, JWT_SECRET: t.config.auth.jwtSecret } });
      const user = await createUser();
      await failTimes(user.email, 3);
      for (let i = 0; i < 2; i++) {
        expect((await second.request('POST', '/auth/login', { body: { email: user.email, password: 'nope-nope' } })).status).toBe(401);
      }
      expect((await login(user.email, user.password)).status).toBe(429);
      expect((await second.request('POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(429);
    });

    it('counts wrong current passwords on POST /auth/password towards the same limit', async () => {
      const user = await createUser();
      const token = (await login(user.email, user.password)).body.access_token as string;
      for (let i = 0; i < 5; i++) {
        const res = await request('POST', '/auth/password', {
          token,
          body: { current_password: `wrong-${i}`, new_password: 'whatever-new-1' },
        });
        expect(res.status).toBe(400);
      }
      const locked = await request('POST', '/auth/password', {
        token,
        body: { current_password: user.password, new_password: 'whatever-new-1' },
      });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await login(user.email, user.password)).status).toBe(429);
    });

    it('removes attempts that left the window when it cleans up', async () => {
      const email = uniqueEmail('old');
      await t.pool.query(
        `INSERT INTO login_attempts (email, ip, attempted_at)
         VALUES ($1, '10.0.0.1', now() - interval '16 minutes'), ($1, '10.0.0.1', now() - interval '1 minute')`,
        [email],
      );
      const removed = await t.app.get(LoginThrottleService).deleteExpired();
      expect(removed).toBeGreaterThanOrEqual(1);
      const { rows } = await t.pool.query('SELECT count(*)::int AS n FROM login_attempts WHERE email = $1', [email]);
      expect(rows[0].n).toBe(1);
    });
  });

  it('documents every auth endpoint in Swagger, login as public', async () => {
    const doc = (await request('GET', '/api-json')).body;
    expect(doc.paths['/auth/login'].post.security).toBeUndefined();
    expect(Object.keys(doc.paths['/auth/login'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429', '503']));
    expect(doc.paths['/auth/login'].post.responses['429'].headers['Retry-After']).toBeDefined();
    expect(doc.paths['/auth/login'].post.responses['503'].headers['Retry-After']).toBeDefined();
    expect(doc.paths['/auth/me'].get.security).toEqual([{ jwt: [] }]);
    expect(doc.paths['/auth/password'].post.responses['200'].content['application/json'].schema.$ref).toMatch(/TokenResponse$/);
    expect(doc.components.schemas.TokenResponse.properties.access_token.example).toBeDefined();
    expect(doc.components.schemas.ChangePasswordDto.required).toEqual(['current_password', 'new_password']);
  });

  it('never sent a password hash in any response of this file', () => {
    expect(responses.length).toBeGreaterThan(50);
    for (const { method, path, response } of responses) {
      expect({ method, path, leaks: /\$2[aby]\$|password_?hash/i.test(response.text) }).toEqual({ method, path, leaks: false });
    }
  });
});
