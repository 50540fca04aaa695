import { get } from 'node:http';
import WebSocket from 'ws';
import { CSRF_REFUSED } from '../src/auth/guards/csrf.guard';
import { closeInstance, startInstance } from './support/app-instances';
import { uniqueEmail } from './support/auth-helpers';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app';

interface Session {
  cookie: string;
  csrf: string;
  setCookies: string[];
  body: any;
}

const NEW_INCIDENT = { title: 'Checkout slow', severity: 'LOW' };

describe('console sessions: the JWT in an httpOnly cookie, CSRF token for writes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function signIn(email: string, password = TEST_PASSWORD, app = t): Promise<Session> {
    const res = await app.request('POST', '/auth/session', { body: { email, password } });
    expect(res.status).toBe(200);
    const setCookies = res.headers.getSetCookie();
    const value = (name: string) => setCookies.find((c) => c.startsWith(`${name}=`))!.split(';')[0]!;
    return { cookie: `${value('session')}; ${value('csrf_token')}`, csrf: res.body.csrf_token, setCookies, body: res.body };
  }

  describe('POST /auth/session', () => {
    it('answers the user and a CSRF token, and sets an httpOnly SameSite=Strict session cookie for the whole site', async () => {
      const session = await signIn(t.users.responder.email);
      expect(session.body).toEqual({
        user: expect.objectContaining({ email: t.users.responder.email, role: 'RESPONDER' }),
        csrf_token: expect.stringMatching(/^[\w-]{43}$/),
        expires_in: 3600,
      });
      const [sessionCookie, csrfCookie] = ['session', 'csrf_token'].map((name) =>
        session.setCookies.find((c) => c.startsWith(`${name}=`))!,
      );
      expect(sessionCookie).toMatch(/^session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=3600; SameSite=Strict; HttpOnly$/);
      // Readable by the page (that is its purpose), same scope and lifetime, and the same value as in the body.
      expect(csrfCookie).toBe(`csrf_token=${session.csrf}; Path=/; Max-Age=3600; SameSite=Strict`);
    });

    it('refuses a wrong password with the same 401 as /auth/login, and sets no cookie', async () => {
      const res = await t.request('POST', '/auth/session', { body: { email: t.users.viewer.email, password: 'not-the-password' } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password' });
      expect(res.headers.getSetCookie()).toEqual([]);
      await signIn(t.users.viewer.email); // clears the failure for later tests
    });

    it('refuses a malformed body with a 400 naming the field', async () => {
      const res = await t.request('POST', '/auth/session', { body: { email: 'not-an-email', password: 'x' } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.details)).toContain('email');
    });

    it('counts towards the login throttle: after LOGIN_MAX_ATTEMPTS failures, 429', async () => {
      const email = uniqueEmail('throttled');
      const statuses: number[] = [];
      for (let i = 0; i < t.config.auth.loginMaxAttempts + 1; i++) {
        statuses.push((await t.request('POST', '/auth/session', { body: { email, password: 'wrong-password' } })).status);
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    });
  });

  describe('requests with the cookie', () => {
    it('authenticate reads like a Bearer token would (GET /auth/me), and nothing else does', async () => {
      const session = await signIn(t.users.viewer.email);
      const me = await t.request('GET', '/auth/me', { headers: { cookie: session.cookie } });
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(t.users.viewer.email);
      expect((await t.request('GET', '/auth/me')).status).toBe(401);
      expect((await t.request('GET', '/auth/me', { headers: { cookie: 'session=forged.token.value' } })).status).toBe(401);
    });

    it('refuse a write without X-CSRF-Token with 403, and store nothing', async () => {
      const session = await signIn(t.users.responder.email);
      const before = await t.prisma.incident.count();
      const res = await t.request('POST', '/incidents', { headers: { cookie: session.cookie }, body: NEW_INCIDENT });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', message: CSRF_REFUSED });
      expect(await t.prisma.incident.count()).toBe(before);
    });

    it("refuse a write whose token is wrong, or another session's", async () => {
      const mine = await signIn(t.users.responder.email);
      const other = await signIn(t.users.admin.email);
      for (const token of ['x'.repeat(43), other.csrf, '']) {
        const res = await t.request('POST', '/incidents', { headers: { cookie: mine.cookie, 'x-csrf-token': token }, body: NEW_INCIDENT });
        expect(res.status).toBe(403);
      }
    });

    it('accept a write with the matching X-CSRF-Token', async () => {
      const session = await signIn(t.users.responder.email);
      const res = await t.request('POST', '/incidents', {
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        body: NEW_INCIDENT,
      });
      expect(res.status).toBe(201);
      expect(res.body.created_by).toBe(`user:${t.users.responder.id}`);
    });

    it('still apply roles: a VIEWER with a valid CSRF token is refused a write', async () => {
      const session = await signIn(t.users.viewer.email);
      const res = await t.request('POST', '/incidents', {
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        body: NEW_INCIDENT,
      });
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/requires role RESPONDER/);
    });
  });

  describe('Bearer tokens', () => {
    it('need no CSRF token, even when a session cookie is sent along', async () => {
      const session = await signIn(t.users.viewer.email);
      const res = await t.request('POST', '/incidents', {
        token: t.tokens.responder,
        headers: { cookie: session.cookie },
        body: NEW_INCIDENT,
      });
      expect(res.status).toBe(201);
      // The Bearer token wins: the request is the responder's, not the cookie's viewer.
      expect(res.body.created_by).toBe(`user:${t.users.responder.id}`);
    });
  });

  describe('DELETE /auth/session', () => {
    it('clears both cookies (204), with or without a session', async () => {
      const session = await signIn(t.users.viewer.email);
      for (const headers of [{ cookie: session.cookie }, {} as Record<string, string>]) {
        const res = await t.request('DELETE', '/auth/session', { headers });
        expect(res.status).toBe(204);
        expect(res.headers.getSetCookie()).toEqual([
          'session=; Path=/; Max-Age=0; SameSite=Strict; HttpOnly',
          'csrf_token=; Path=/; Max-Age=0; SameSite=Strict',
        ]);
      }
    });
  });

  describe('live streams', () => {
    it('GET /events accepts the session cookie (no token in the URL) and refuses without it', async () => {
      const session = await signIn(t.users.viewer.email);
      const open = (cookie?: string) =>
        new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
          const request = get(`${t.baseUrl}/events`, { headers: cookie ? { cookie } : {}, agent: false }, (response) => {
            resolve({ status: response.statusCode!, type: response.headers['content-type'] });
            response.destroy();
          });
          request.once('error', reject);
        });
      expect(await open(session.cookie)).toEqual({ status: 200, type: expect.stringMatching(/^text\/event-stream/) });
      expect((await open()).status).toBe(401);
    });

    it('/ws accepts the cookie from the same origin and refuses it from another site (4401)', async () => {
      const session = await signIn(t.users.viewer.email);
      const host = new URL(t.baseUrl).host;
      const firstMessageOrClose = (origin: string) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`${t.baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { cookie: session.cookie, origin } });
          socket.on('error', () => undefined);
          socket.once('message', (data) => {
            resolve(JSON.parse(data.toString()).event);
            socket.close();
          });
          socket.once('close', (code) => resolve(`closed ${code}`));
        });
      expect(await firstMessageOrClose(`http://${host}`)).toBe('connected');
      expect(await firstMessageOrClose('https://evil.example')).toBe('closed 4401');
    });
  });

  describe('SESSION_COOKIE_SECURE', () => {
    it.each([
      [{ SESSION_COOKIE_SECURE: 'true' }, true],
      [{ PUBLIC_URL: 'https://incidents.example.com' }, true],
      [{ SESSION_COOKIE_SECURE: 'false', PUBLIC_URL: 'https://incidents.example.com' }, false],
    ])('with %j, Secure is %s', async (env, secure) => {
      const instance = await startInstance(t, env);
      try {
        const session = await signIn(t.users.viewer.email, TEST_PASSWORD, instance);
        for (const cookie of session.setCookies) expect(cookie.includes('; Secure')).toBe(secure);
      } finally {
        await closeInstance(t, instance);
      }
    });
  });
});
