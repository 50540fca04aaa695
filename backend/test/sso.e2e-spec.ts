import { jest } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { Clock } from '../src/common/clock';
import { freePort } from '../src/dev-database/free-port';
import { CookieJar, followRedirects, TestOidcProvider } from './support/oidc-provider';
import { startTestApp, type TestApp } from './support/test-app';

const CLIENT = { client_id: 'incident-console', client_secret: randomBytes(16).toString('hex') };
const OTHER_CLIENT = { client_id: 'other-app', client_secret: randomBytes(16).toString('hex'), redirect_uris: ['http://127.0.0.1:9/cb'] };

describe('single sign-on with OpenID Connect, against a real OpenID Provider', () => {
  const op = new TestOidcProvider();
  let t: TestApp;

  beforeAll(async () => {
    const issuer = await op.listen();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    op.start([{ ...CLIENT, redirect_uris: [`${publicUrl}/auth/oidc/callback`] }, OTHER_CLIENT]);
    t = await startTestApp({
      port,
      env: {
        PUBLIC_URL: publicUrl,
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: CLIENT.client_id,
        OIDC_CLIENT_SECRET: CLIENT.client_secret,
        OIDC_ROLE_MAP: 'platform-admins=ADMIN,sre=RESPONDER',
        OIDC_DISPLAY_NAME: 'Test IdP',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await op.close();
  });

  /** A browser's trip: the app's login URL, the provider, up to (not into) the app's callback. */
  async function toCallback(jar = new CookieJar()) {
    const callback = await followRedirects(`${t.baseUrl}/auth/oidc/login`, jar, (url) => url.startsWith(`${t.baseUrl}/auth/oidc/callback`));
    return { jar, callback };
  }

  async function openCallback(callback: string, jar: CookieJar) {
    const response = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header(callback) } });
    jar.store(callback, response);
    return { location: response.headers.get('location'), session: jar.get(t.baseUrl, 'session') };
  }

  async function signInAs(account: { sub: string; email?: string; email_verified?: boolean; groups?: string[] }) {
    op.signInAs = account;
    const { jar, callback } = await toCallback();
    return { ...(await openCallback(callback, jar)), jar, callback };
  }

  const me = async (session: string) => (await t.request('GET', '/auth/me', { token: session })).body;

  it('tells the sign-in page that SSO is there, by name', async () => {
    const res = await t.request('GET', '/auth/methods');
    expect(res.body).toEqual({ password: true, sso: { name: 'Test IdP', sign_in_url: '/auth/oidc/login' } });
  });

  it('creates the person at first sign-in with the role their groups map to, without a local password', async () => {
    const email = `ada-${randomBytes(3).toString('hex')}@example.test`;
    const result = await signInAs({ sub: `ada-${email}`, email, email_verified: true, groups: ['sre'] });
    expect(result.location).toBe('/console/');
    expect(await me(result.session!)).toMatchObject({ email, role: 'RESPONDER' });
    const row = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toBeNull();
    expect(row.ssoSubject).toBe(`${op.issuer} ada-${email}`);
    // No password to guess: a password sign-in for this person fails like any wrong password.
    expect((await t.request('POST', '/auth/login', { body: { email, password: 'whatever-long-enough' } })).status).toBe(401);
    const audit = await t.request('GET', `/audit-events?target_id=${row.id}`, { token: t.tokens.admin });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['user.created']);
  });

  it('applies the groups again at every sign-in; no mapped group gives the default role', async () => {
    const email = `grace-${randomBytes(3).toString('hex')}@example.test`;
    const sub = `grace-${email}`;
    expect(await me((await signInAs({ sub, email, groups: ['platform-admins', 'sre'] })).session!)).toMatchObject({ role: 'ADMIN' });
    expect(await me((await signInAs({ sub, email, groups: ['marketing'] })).session!)).toMatchObject({ role: 'VIEWER' });
  });

  it('refuses a replayed callback: the state is good for one use', async () => {
    const email = `replay-${randomBytes(3).toString('hex')}@example.test`;
    const first = await signInAs({ sub: `replay-${email}`, email });
    expect(first.location).toBe('/console/');
    // The same browser (its state cookie put back) opens the same callback URL again.
    const jar = new CookieJar();
    jar.store(
      t.baseUrl,
      new Response(null, { headers: [['set-cookie', `sso_state=${new URL(first.callback).searchParams.get('state')}`]] }),
    );
    expect(await openCallback(first.callback, jar)).toEqual({ location: '/console/sign-in?sso_error=state_unknown', session: undefined });
  });

  it('refuses a callback opened in another browser than the one that started the sign-in (login CSRF)', async () => {
    op.signInAs = { sub: 'csrf', email: 'csrf@example.test' };
    const { callback } = await toCallback();
    expect(await openCallback(callback, new CookieJar())).toEqual({
      location: '/console/sign-in?sso_error=state_mismatch',
      session: undefined,
    });
  });

  it('refuses an expired ID token (judged by the app clock)', async () => {
    op.signInAs = { sub: 'late', email: 'late@example.test' };
    const { jar, callback } = await toCallback();
    // The provider's ID tokens live 60 s; five minutes later the sign-in itself (10 min) is still fresh.
    const clock = t.app.get(Clock);
    const now = clock.now.bind(clock);
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(now().getTime() + 5 * 60_000));
    try {
      expect(await openCallback(callback, jar)).toEqual({ location: '/console/sign-in?sso_error=token_rejected', session: undefined });
    } finally {
      spy.mockRestore();
    }
    expect(await t.prisma.user.count({ where: { email: 'late@example.test' } })).toBe(0);
  });

  it('refuses an ID token the provider issued to another client (wrong audience), even with the right nonce', async () => {
    const account = { sub: 'mallory', email: 'mallory@example.test', email_verified: true };
    op.signInAs = account;
    const { jar, callback } = await toCallback();
    // The provider's genuine, signed ID token for the other client, carrying our sign-in's nonce.
    const authorize = new URL(`${op.issuer}/auth`);
    const verifier = randomBytes(32).toString('base64url');
    const nonce = await nonceOfPendingSignIn(t, new URL(callback).searchParams.get('state')!);
    authorize.search = new URLSearchParams({
      client_id: OTHER_CLIENT.client_id,
      response_type: 'code',
      scope: 'openid email',
      redirect_uri: OTHER_CLIENT.redirect_uris[0]!,
      state: 'other',
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const otherCallback = await followRedirects(authorize.toString(), new CookieJar(), (url) =>
      url.startsWith(OTHER_CLIENT.redirect_uris[0]!),
    );
    const tokenResponse = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${OTHER_CLIENT.client_id}:${OTHER_CLIENT.client_secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: new URL(otherCallback).searchParams.get('code')!,
        redirect_uri: OTHER_CLIENT.redirect_uris[0]!,
        code_verifier: verifier,
      }),
    });
    const other = (await tokenResponse.json()) as { id_token: string; access_token: string };
    expect(JSON.parse(Buffer.from(other.id_token.split('.')[1]!, 'base64url').toString())).toMatchObject({
      aud: OTHER_CLIENT.client_id,
      nonce,
    });

    op.nextTokenResponse = { access_token: other.access_token, token_type: 'Bearer', expires_in: 60, id_token: other.id_token };
    expect(await openCallback(callback, jar)).toEqual({ location: '/console/sign-in?sso_error=token_rejected', session: undefined });
    expect(await t.prisma.user.count({ where: { email: account.email } })).toBe(0);
  });

  it('links an existing account only when the provider verified its email', async () => {
    const unverified = await signInAs({ sub: 'impostor', email: t.users.viewer.email, email_verified: false });
    expect(unverified).toMatchObject({ location: '/console/sign-in?sso_error=email_unverified', session: undefined });
    const verified = await signInAs({ sub: 'viewer-at-idp', email: t.users.viewer.email, email_verified: true });
    expect(verified.location).toBe('/console/');
    expect(await me(verified.session!)).toMatchObject({ id: t.users.viewer.id });
  });

  it('lets an admin turn local passwords off only after signing in through SSO, and password sign-in then answers 403', async () => {
    const refused = await t.request('PATCH', '/settings', { token: t.tokens.admin, body: { local_passwords: false } });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].field).toBe('local_passwords');

    const linked = await signInAs({ sub: 'admin-at-idp', email: t.users.admin.email, email_verified: true, groups: ['platform-admins'] });
    const off = await t.request('PATCH', '/settings', { token: linked.session!, body: { local_passwords: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ local_passwords: false, sso_configured: true });
    const password = await t.request('POST', '/auth/login', {
      body: { email: t.users.responder.email, password: 'correct-horse-battery' },
    });
    expect(password.status).toBe(403);
    expect(password.body.message).toMatch(/SSO/);
    expect((await t.request('GET', '/auth/methods')).body.password).toBe(false);
    const audit = await t.request('GET', '/audit-events?action=settings.updated', { token: t.tokens.admin });
    expect(audit.body.items[0]).toMatchObject({
      actor_id: t.users.admin.id,
      before: { local_passwords: true },
      after: { local_passwords: false },
    });

    expect((await t.request('PATCH', '/settings', { token: linked.session!, body: { local_passwords: true } })).status).toBe(200);
    expect(
      (await t.request('POST', '/auth/login', { body: { email: t.users.responder.email, password: 'correct-horse-battery' } })).status,
    ).toBe(200);
  });
});

/** The nonce our app stored for a pending sign-in is not readable (only the state's hash is a key): read it from the table. */
async function nonceOfPendingSignIn(t: TestApp, state: string): Promise<string> {
  const hash = createHash('sha256').update(state).digest('hex');
  const { rows } = await t.pool.query<{ nonce: string }>('SELECT nonce FROM sso_login_states WHERE state_hash = $1', [hash]);
  return rows[0]!.nonce;
}
