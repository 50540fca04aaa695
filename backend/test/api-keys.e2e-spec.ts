import { UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { ApiKeyAuth } from '../src/common/auth/decorators';
import { ApiKeyGuard } from '../src/auth/guards/api-key.guard';
import { recordingRequests } from './support/auth-helpers';
import { startTestApp, type TestApp } from './support/test-app';

describe('API keys: ADMIN-only management', () => {
  let t: TestApp;
  const { request, responses } = recordingRequests(() => t);
  /** Every key this file created, with the one response allowed to show it. */
  const created: { key: string; response: unknown }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    created.push({ key: t.apiKey, response: null }); // made by the harness, never shown by the API
  });
  afterAll(() => t.close());

  async function createKey(body: Record<string, unknown> = { name: 'checkout' }) {
    const res = await request('POST', '/api-keys', { token: t.tokens.admin, body });
    expect(res.status).toBe(201);
    created.push({ key: res.body.key, response: res });
    return res.body as { id: string; key: string; prefix: string; service_id: string | null };
  }

  describe('who may do what', () => {
    const endpoints: { name: string; call: (token?: string) => Promise<{ status: number }>; ok: number }[] = [
      {
        name: 'POST /api-keys',
        call: async (token) => {
          const res = await request('POST', '/api-keys', { token, body: { name: 'matrix' } });
          if (res.status === 201) created.push({ key: res.body.key, response: res });
          return res;
        },
        ok: 201,
      },
      { name: 'GET /api-keys', call: (token) => request('GET', '/api-keys', { token }), ok: 200 },
      { name: 'DELETE /api-keys/:id', call: async (token) => request('DELETE', `/api-keys/${(await createKey()).id}`, { token }), ok: 200 },
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

    it('does not accept an API key in place of a JWT on a user route', async () => {
      expect((await request('GET', '/api-keys', { apiKey: t.apiKey })).status).toBe(401);
      expect((await request('GET', '/api-keys', { token: t.apiKey })).status).toBe(401);
    });

    it('revokes nothing when a non-admin tries', async () => {
      const { id, key } = await createKey();
      expect((await request('DELETE', `/api-keys/${id}`, { token: t.tokens.responder })).status).toBe(403);
      expect(await t.app.get(ApiKeysService).verify(key)).not.toBeNull();
    });
  });

  describe('POST /api-keys', () => {
    it('shows a prefixed key of at least 32 random bytes once, and stores only its SHA-256', async () => {
      const res = await request('POST', '/api-keys', { token: t.tokens.admin, body: { name: ' billing ', service_id: 'billing' } });
      expect(res.status).toBe(201);
      created.push({ key: res.body.key, response: res });
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'billing',
        prefix: res.body.key.slice(0, 10),
        service_id: 'billing',
        created_at: expect.any(String),
        last_used_at: null,
        revoked_at: null,
        scopes: ['ingest'],
        expires_at: null,
        key: expect.stringMatching(/^ilm_[A-Za-z0-9_-]{43}$/),
      });
      const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: res.body.id } });
      expect(row.keyHash).toBe(createHash('sha256').update(res.body.key).digest('hex'));
      expect(row.createdById).toBe(t.users.admin.id);
      const { rows } = await t.pool.query(
        "SELECT count(*)::int AS n FROM api_keys WHERE row_to_json(api_keys)::text LIKE '%' || $1 || '%'",
        [res.body.key],
      );
      expect(rows[0].n).toBe(0);
    });

    it('creates an unbound key when service_id is omitted or null', async () => {
      expect((await createKey({ name: 'any service' })).service_id).toBeNull();
      expect((await createKey({ name: 'any service', service_id: null })).service_id).toBeNull();
    });

    it.each([
      ['a missing name', {}, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name over 100 characters', { name: 'n'.repeat(101) }, 'name'],
      ['a service_id over 128 characters', { name: 'x', service_id: 's'.repeat(129) }, 'service_id'],
      ['a service_id that is not a string', { name: 'x', service_id: 7 }, 'service_id'],
      ['an unexpected field', { name: 'x', key: 'ilm_chosen-by-me' }, 'key'],
    ])('answers 400 naming the field for %s', async (_what, body, field) => {
      const res = await request('POST', '/api-keys', { token: t.tokens.admin, body });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('GET /api-keys', () => {
    it('lists keys newest first with their last-used time, never the key or its hash', async () => {
      const { id, key } = await createKey({ name: 'used one', service_id: 'checkout' });
      expect(await t.app.get(ApiKeysService).verify(key)).toEqual({ id, name: 'used one', serviceId: 'checkout', scopes: ['ingest'] });
      let listed: any;
      for (let i = 0; i < 50 && !listed?.last_used_at; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        listed = (await request('GET', '/api-keys', { token: t.tokens.admin })).body.find((k: { id: string }) => k.id === id);
      }
      expect(listed).toEqual({
        id,
        name: 'used one',
        prefix: key.slice(0, 10),
        service_id: 'checkout',
        created_at: expect.any(String),
        last_used_at: expect.any(String),
        revoked_at: null,
        scopes: ['ingest'],
        expires_at: null,
      });
      const res = await request('GET', '/api-keys', { token: t.tokens.admin });
      expect(res.body[0].id).toBe(id);
      const hash = createHash('sha256').update(key).digest('hex');
      expect(res.text).not.toContain(key);
      expect(res.text).not.toContain(hash);
      expect(res.text).not.toMatch(/key_hash|keyHash/);
    });
  });

  describe('DELETE /api-keys/:id', () => {
    it('revokes at once: verify() refuses the key right after (HTTP refusal is covered by the ingestion tests)', async () => {
      const service = t.app.get(ApiKeysService);
      const { id, key } = await createKey();
      expect(await service.verify(key)).not.toBeNull(); // now cached as valid
      const res = await request('DELETE', `/api-keys/${id}`, { token: t.tokens.admin });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, revoked_at: expect.any(String) });
      expect(res.text).not.toContain(key);
      expect(await service.verify(key)).toBeNull();
      const listed = (await request('GET', '/api-keys', { token: t.tokens.admin })).body.find((k: { id: string }) => k.id === id);
      expect(listed.revoked_at).toBe(res.body.revoked_at);
    });

    it('is harmless to repeat and keeps the first revocation time', async () => {
      const { id } = await createKey();
      const first = await request('DELETE', `/api-keys/${id}`, { token: t.tokens.admin });
      const again = await request('DELETE', `/api-keys/${id}`, { token: t.tokens.admin });
      expect(again.status).toBe(200);
      expect(again.body.revoked_at).toBe(first.body.revoked_at);
    });

    it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
      const bad = await request('DELETE', '/api-keys/123', { token: t.tokens.admin });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('id must be a UUID');
      expect((await request('DELETE', '/api-keys/00000000-0000-4000-8000-000000000000', { token: t.tokens.admin })).status).toBe(404);
    });
  });

  describe('ApiKeysService.verify (what the ingest guard relies on)', () => {
    it('refuses unknown keys and garbage without error', async () => {
      const service = t.app.get(ApiKeysService);
      expect(await service.verify('ilm_' + 'A'.repeat(43))).toBeNull();
      expect(await service.verify('not-even-prefixed')).toBeNull();
      expect(await service.verify('ilm_' + 'x'.repeat(10_000))).toBeNull();
      expect(await service.verify(t.apiKey)).toMatchObject({ name: 'test key', serviceId: null });
    });
  });

  describe('the global ApiKeyGuard (no ingest route exists yet: called directly, as Nest would)', () => {
    class IntakeLike {
      @ApiKeyAuth('ingest')
      write() {}
    }
    const contextFor = (headers: Record<string, string>) => {
      const request: { headers: Record<string, string>; apiKey?: unknown } = { headers };
      const context = {
        getHandler: () => IntakeLike.prototype.write,
        getClass: () => IntakeLike,
        switchToHttp: () => ({ getRequest: () => request }),
      } as unknown as ExecutionContext;
      return { context, request };
    };
    const guard = () => new ApiKeyGuard(t.app.get(Reflector), t.app.get(ApiKeysService));

    it('accepts a live key from X-API-Key or Authorization: Bearer and exposes its identity', async () => {
      const { id, key } = await createKey({ name: 'intake', service_id: 'checkout' });
      for (const headers of [{ 'x-api-key': key }, { authorization: `Bearer ${key}` }] as Record<string, string>[]) {
        const { context, request: req } = contextFor(headers);
        await expect(guard().canActivate(context)).resolves.toBe(true);
        expect(req.apiKey).toEqual({ id, name: 'intake', serviceId: 'checkout', scopes: ['ingest'] });
      }
    });

    it('refuses a missing key and a revoked key with 401', async () => {
      const { id, key } = await createKey();
      await expect(guard().canActivate(contextFor({}).context)).rejects.toThrow(UnauthorizedException);
      await expect(guard().canActivate(contextFor({ 'x-api-key': key }).context)).resolves.toBe(true);
      await request('DELETE', `/api-keys/${id}`, { token: t.tokens.admin });
      await expect(guard().canActivate(contextFor({ 'x-api-key': key }).context)).rejects.toThrow(UnauthorizedException);
    });
  });

  it('documents every API-key endpoint in Swagger for the jwt scheme with examples', async () => {
    const doc = (await request('GET', '/api-json')).body;
    for (const [path, method] of [
      ['/api-keys', 'post'],
      ['/api-keys', 'get'],
      ['/api-keys/{id}', 'delete'],
    ] as const) {
      expect(doc.paths[path][method].security).toEqual([{ jwt: [] }]);
      expect(Object.keys(doc.paths[path][method].responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(doc.components.schemas.CreatedApiKeyResponse.properties.key.example).toMatch(/^ilm_/);
    expect(doc.components.schemas.ApiKeyResponse.properties).not.toHaveProperty('key');
  });

  it('never showed a key after the response that created it, nor any hash', () => {
    expect(created.length).toBeGreaterThan(5);
    for (const { method, path, response } of responses) {
      for (const { key, response: creation } of created) {
        if (response === creation) continue;
        expect({ method, path, leaksKey: response.text.includes(key) }).toEqual({ method, path, leaksKey: false });
      }
      expect({ method, path, leaksHash: /\$2[aby]\$|key_hash|password_?hash/i.test(response.text) }).toEqual({
        method,
        path,
        leaksHash: false,
      });
    }
  });
});
