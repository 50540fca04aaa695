import bcrypt from 'bcrypt';
import { recordingRequests, uniqueEmail } from './support/auth-helpers';
import { startTestApp, type TestApp } from './support/test-app';

describe('users: ADMIN-only management', () => {
  let t: TestApp;
  const { request, responses } = recordingRequests(() => t);
  const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function createUser(role: 'ADMIN' | 'RESPONDER' | 'VIEWER' = 'VIEWER', password = 'a-good-long-password') {
    const email = uniqueEmail(role.toLowerCase());
    const res = await request('POST', '/users', { token: t.tokens.admin, body: { email, password, role } });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, password };
  }
  const tokenFor = async (email: string, password: string) =>
    (await request('POST', '/auth/login', { body: { email, password } })).body.access_token as string;

  describe('who may do what', () => {
    const endpoints: { name: string; call: (token?: string) => Promise<{ status: number }>; ok: number }[] = [
      {
        name: 'POST /users',
        call: (token) => request('POST', '/users', { token, body: { email: uniqueEmail('m'), password: 'long-enough-1', role: 'VIEWER' } }),
        ok: 201,
      },
      { name: 'GET /users', call: (token) => request('GET', '/users', { token }), ok: 200 },
      { name: 'GET /users/:id', call: (token) => request('GET', `/users/${t.users.viewer.id}`, { token }), ok: 200 },
      {
        name: 'PATCH /users/:id',
        call: (token) => request('PATCH', `/users/${t.users.viewer.id}`, { token, body: { role: 'VIEWER' } }),
        ok: 200,
      },
      {
        name: 'DELETE /users/:id',
        call: async (token) => request('DELETE', `/users/${(await createUser()).id}`, { token }),
        ok: 200,
      },
    ];

    it.each(endpoints.map((e) => [e.name, e] as const))(
      '%s: 401 without a token, 403 for VIEWER and RESPONDER, OK for ADMIN',
      async (_n, endpoint) => {
        expect((await endpoint.call()).status).toBe(401);
        expect((await endpoint.call(t.tokens.viewer)).status).toBe(403);
        expect((await endpoint.call(t.tokens.responder)).status).toBe(403);
        expect((await endpoint.call(t.tokens.admin)).status).toBe(endpoint.ok);
      },
    );

    it('explains a 403 with the role required', async () => {
      const res = await request('GET', '/users', { token: t.tokens.responder });
      expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.stringMatching(/requires role ADMIN/) });
    });

    it('checks authentication and role before validating input (401/403, not 400)', async () => {
      expect((await request('GET', '/users/not-a-uuid')).status).toBe(401);
      expect((await request('POST', '/users', { token: t.tokens.viewer, body: { email: 'bad' } })).status).toBe(403);
    });

    it('creates nothing when a non-admin tries', async () => {
      const email = uniqueEmail('sneaky');
      await request('POST', '/users', { token: t.tokens.responder, body: { email, password: 'long-enough-1', role: 'ADMIN' } });
      expect(await t.prisma.user.count({ where: { email } })).toBe(0);
    });
  });

  describe('POST /users', () => {
    it('creates a user with a lower-cased email and a bcrypt hash of cost >= 10, answering without the hash', async () => {
      const email = uniqueEmail('Mixed.Case').replace('mixed', 'MiXeD');
      const res = await request('POST', '/users', {
        token: t.tokens.admin,
        body: { email: ` ${email} `, password: 'long-enough-1', role: 'RESPONDER' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email: email.toLowerCase(),
        role: 'RESPONDER',
        active: true,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const row = await t.prisma.user.findUniqueOrThrow({ where: { id: res.body.id } });
      expect(bcrypt.getRounds(row.passwordHash!)).toBeGreaterThanOrEqual(10);
      expect(await bcrypt.compare('long-enough-1', row.passwordHash!)).toBe(true);
      expect((await request('POST', '/auth/login', { body: { email, password: 'long-enough-1' } })).status).toBe(200);
    });

    it('answers 409 for an email that exists in another letter case', async () => {
      const { email } = await createUser();
      const res = await request('POST', '/users', {
        token: t.tokens.admin,
        body: { email: email.toUpperCase(), password: 'long-enough-1', role: 'VIEWER' },
      });
      expect(res.status).toBe(409);
      expect(res.body.message).toContain(email);
    });

    it.each([
      ['a password under 12 characters', { password: 'short12' }, 'password'],
      ['the password 12345678', { password: '12345678' }, 'password'],
      ['a password of eight spaces', { password: ' '.repeat(8) }, 'password'],
      ['a password of twelve spaces', { password: ' '.repeat(12) }, 'password'],
      ['one character repeated', { password: 'z'.repeat(16) }, 'password'],
      ['a common password padded to 12', { password: 'Password1234' }, 'password'],
      ['a password bcrypt would truncate', { password: 'x'.repeat(73) }, 'password'],
      ['an unknown role', { role: 'ROOT' }, 'role'],
      ['a malformed email', { email: 'no-at-sign' }, 'email'],
      ['an unexpected field', { is_admin: true }, 'is_admin'],
    ])('answers 400 naming the field for %s', async (_what, override, field) => {
      const body = { email: uniqueEmail('v'), password: 'long-enough-1', role: 'VIEWER', ...override };
      const res = await request('POST', '/users', { token: t.tokens.admin, body });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('GET /users and GET /users/:id', () => {
    it('lists every user, including deactivated ones, without hashes', async () => {
      const gone = await createUser();
      await request('DELETE', `/users/${gone.id}`, { token: t.tokens.admin });
      const res = await request('GET', '/users', { token: t.tokens.admin });
      expect(res.status).toBe(200);
      const ids = res.body.map((user: { id: string }) => user.id);
      expect(ids).toEqual(expect.arrayContaining([t.users.admin.id, t.users.responder.id, t.users.viewer.id, gone.id]));
      expect(res.body.find((user: { id: string }) => user.id === gone.id).active).toBe(false);
      for (const user of res.body) expect(Object.keys(user).sort()).toEqual(['active', 'created_at', 'email', 'id', 'role', 'updated_at']);
    });

    it('shows one user', async () => {
      const res = await request('GET', `/users/${t.users.responder.id}`, { token: t.tokens.admin });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: t.users.responder.id, email: t.users.responder.email, role: 'RESPONDER' });
    });

    it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
      const bad = await request('GET', '/users/42', { token: t.tokens.admin });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('id must be a UUID');
      expect((await request('GET', `/users/${UNKNOWN_ID}`, { token: t.tokens.admin })).status).toBe(404);
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes the role, which applies to existing tokens at once', async () => {
      const user = await createUser('VIEWER');
      const token = await tokenFor(user.email, user.password);
      expect((await request('GET', '/users', { token })).status).toBe(403);
      const res = await request('PATCH', `/users/${user.id}`, { token: t.tokens.admin, body: { role: 'ADMIN' } });
      expect(res.status).toBe(200);
      expect(res.body.role).toBe('ADMIN');
      expect((await request('GET', '/users', { token })).status).toBe(200);
    });

    it('sets a new password', async () => {
      const user = await createUser();
      const res = await request('PATCH', `/users/${user.id}`, { token: t.tokens.admin, body: { password: 'reset-by-admin-1' } });
      expect(res.status).toBe(200);
      expect((await request('POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
      expect((await request('POST', '/auth/login', { body: { email: user.email, password: 'reset-by-admin-1' } })).status).toBe(200);
    });

    it('deactivates and reactivates', async () => {
      const user = await createUser();
      expect((await request('PATCH', `/users/${user.id}`, { token: t.tokens.admin, body: { active: false } })).body.active).toBe(false);
      expect((await request('POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
      expect((await request('PATCH', `/users/${user.id}`, { token: t.tokens.admin, body: { active: true } })).body.active).toBe(true);
      expect((await request('POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
    });

    it('answers 400 for an empty change, a bad value or a short password, and 404 for an unknown user', async () => {
      const id = t.users.viewer.id;
      expect((await request('PATCH', `/users/${id}`, { token: t.tokens.admin, body: {} })).status).toBe(400);
      const badActive = await request('PATCH', `/users/${id}`, { token: t.tokens.admin, body: { active: 'no' } });
      expect(badActive.status).toBe(400);
      expect(badActive.body.details).toEqual([expect.objectContaining({ field: 'active' })]);
      expect((await request('PATCH', `/users/${id}`, { token: t.tokens.admin, body: { password: 'short' } })).status).toBe(400);
      expect((await request('PATCH', `/users/${id}`, { token: t.tokens.admin, body: { email: 'x@example.test' } })).status).toBe(400);
      expect((await request('PATCH', `/users/${UNKNOWN_ID}`, { token: t.tokens.admin, body: { role: 'VIEWER' } })).status).toBe(404);
    });

    it('answers 409 when an admin demotes or deactivates themselves, and changes nothing', async () => {
      const demote = await request('PATCH', `/users/${t.users.admin.id}`, { token: t.tokens.admin, body: { role: 'RESPONDER' } });
      expect(demote.status).toBe(409);
      expect(demote.body.message).toMatch(/yourself/);
      expect((await request('PATCH', `/users/${t.users.admin.id}`, { token: t.tokens.admin, body: { active: false } })).status).toBe(409);
      expect((await request('GET', '/auth/me', { token: t.tokens.admin })).body).toMatchObject({ role: 'ADMIN', active: true });
    });

    it('lets an admin change their own password, which signs out their current token too', async () => {
      const admin = await createUser('ADMIN');
      const token = await tokenFor(admin.email, admin.password);
      const res = await request('PATCH', `/users/${admin.id}`, { token, body: { password: 'self-service-1', role: 'ADMIN' } });
      expect(res.status).toBe(200);
      expect((await request('GET', '/users', { token })).status).toBe(401);
      expect((await request('GET', '/users', { token: await tokenFor(admin.email, 'self-service-1') })).status).toBe(200);
    });

    it("revokes the user's existing tokens when an admin resets the password; nobody else's", async () => {
      const user = await createUser('RESPONDER');
      const bystander = await createUser('RESPONDER');
      const [token, bystanderToken] = [await tokenFor(user.email, user.password), await tokenFor(bystander.email, bystander.password)];
      expect((await request('GET', '/incidents', { token })).status).toBe(200);

      expect((await request('PATCH', `/users/${user.id}`, { token: t.tokens.admin, body: { password: 'reset-by-admin-2' } })).status).toBe(
        200,
      );
      const refused = await request('GET', '/incidents', { token });
      expect(refused.status).toBe(401);
      expect(refused.body.message).toMatch(/revoked/);
      // Issued right after the reset (same second, often): works.
      expect((await request('GET', '/incidents', { token: await tokenFor(user.email, 'reset-by-admin-2') })).status).toBe(200);
      expect((await request('GET', '/incidents', { token: bystanderToken })).status).toBe(200);
      expect((await request('GET', '/users', { token: t.tokens.admin })).status).toBe(200);
    });

    it('keeps existing tokens on a role change, which they carry out at once (the role is read from the database)', async () => {
      const user = await createUser('ADMIN');
      const token = await tokenFor(user.email, user.password);
      expect((await request('PATCH', `/users/${user.id}`, { token: t.tokens.admin, body: { role: 'RESPONDER' } })).status).toBe(200);
      expect((await request('GET', '/users', { token })).status).toBe(403);
      expect((await request('GET', '/auth/me', { token })).body).toMatchObject({ role: 'RESPONDER' });
    });

    it('lets one admin demote another', async () => {
      const other = await createUser('ADMIN');
      const res = await request('PATCH', `/users/${other.id}`, { token: t.tokens.admin, body: { role: 'RESPONDER' } });
      expect(res.status).toBe(200);
      expect(res.body.role).toBe('RESPONDER');
    });

    it('never ends with no active admin when the last two admins demote each other at the same moment', async () => {
      const a = await createUser('ADMIN');
      const b = await createUser('ADMIN');
      const [aToken, bToken] = [await tokenFor(a.email, a.password), await tokenFor(b.email, b.password)];
      // Make A and B the only active admins for the duration of the race.
      const others = await t.prisma.user.findMany({
        where: { role: 'ADMIN', active: true, id: { notIn: [a.id, b.id] } },
        select: { id: true },
      });
      await t.prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } });
      try {
        const [aDemotesB, bDemotesA] = await Promise.all([
          request('PATCH', `/users/${b.id}`, { token: aToken, body: { role: 'VIEWER' } }),
          request('PATCH', `/users/${a.id}`, { token: bToken, body: { role: 'VIEWER' } }),
        ]);
        const statuses = [aDemotesB.status, bDemotesA.status].sort();
        expect(statuses[0]).toBe(200);
        // The loser was either already demoted when its request arrived (403) or found itself
        // about to remove the last admin (409).
        expect([403, 409]).toContain(statuses[1]);
        expect(await t.prisma.user.count({ where: { role: 'ADMIN', active: true } })).toBe(1);
      } finally {
        await t.prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
      }
    });
  });

  describe('DELETE /users/:id', () => {
    it('deactivates and keeps the row; repeating it is harmless', async () => {
      const user = await createUser('RESPONDER');
      const res = await request('DELETE', `/users/${user.id}`, { token: t.tokens.admin });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, email: user.email, active: false });
      expect(await t.prisma.user.findUnique({ where: { id: user.id } })).toMatchObject({ active: false });
      expect((await request('DELETE', `/users/${user.id}`, { token: t.tokens.admin })).status).toBe(200);
      expect((await request('GET', `/users/${user.id}`, { token: t.tokens.admin })).body.active).toBe(false);
    });

    it("stops the deactivated user's existing token at once", async () => {
      const user = await createUser('ADMIN');
      const token = await tokenFor(user.email, user.password);
      expect((await request('GET', '/users', { token })).status).toBe(200);
      await request('DELETE', `/users/${user.id}`, { token: t.tokens.admin });
      expect((await request('GET', '/users', { token })).status).toBe(401);
      expect((await request('GET', '/auth/me', { token })).status).toBe(401);
    });

    it('answers 409 when an admin deactivates themselves, 400 for a bad id, 404 for an unknown one', async () => {
      expect((await request('DELETE', `/users/${t.users.admin.id}`, { token: t.tokens.admin })).status).toBe(409);
      expect((await request('DELETE', '/users/nope', { token: t.tokens.admin })).status).toBe(400);
      expect((await request('DELETE', `/users/${UNKNOWN_ID}`, { token: t.tokens.admin })).status).toBe(404);
    });
  });

  it('documents every users endpoint in Swagger for the jwt scheme with examples', async () => {
    const doc = (await request('GET', '/api-json')).body;
    for (const [path, method] of [
      ['/users', 'post'],
      ['/users', 'get'],
      ['/users/{id}', 'get'],
      ['/users/{id}', 'patch'],
      ['/users/{id}', 'delete'],
    ] as const) {
      const operation = doc.paths[path][method];
      expect({ path, method, security: operation.security }).toEqual({ path, method, security: [{ jwt: [] }] });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(doc.components.schemas.CreateUserDto.properties.email.example).toBeDefined();
    expect(doc.components.schemas.UserResponse.properties).not.toHaveProperty('password_hash');
  });

  it('never sent a password hash in any response of this file', () => {
    expect(responses.length).toBeGreaterThan(60);
    for (const { method, path, response } of responses) {
      expect({ method, path, leaks: /\$2[aby]\$|password_?hash/i.test(response.text) }).toEqual({ method, path, leaks: false });
    }
  });
});
