import { jest } from '@jest/globals';
import { Clock } from '../src/common/clock';
import { startTestApp, type TestApp } from './support/test-app';

describe('API keys: scopes and expiry', () => {
  let t: TestApp;
  const log = { service_id: 'checkout', level: 'INFO', message: 'hello' };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const createKey = (body: Record<string, unknown>) => t.request('POST', '/api-keys', { token: t.tokens.admin, body });

  it('gives a key made without scopes the ingest scope, as keys had before scopes existed', async () => {
    const res = await createKey({ name: 'collector' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ scopes: ['ingest'], expires_at: null });
    expect((await t.request('POST', '/ingest', { apiKey: res.body.key, body: log })).status).toBe(201);
    const listed = (await t.request('GET', '/api-keys', { token: t.tokens.admin })).body.find((k: { id: string }) => k.id === res.body.id);
    expect(listed).toMatchObject({ scopes: ['ingest'], expires_at: null });
  });

  it('refuses a key without the route scope with 403 naming the scope, and stores nothing', async () => {
    const { body: key } = await createKey({ name: 'alertmanager', scopes: ['alerts'] });
    const res = await t.request('POST', '/ingest', { apiKey: key.key, body: { ...log, message: 'must not be stored' } });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/lacks the scope "ingest"/);
    expect(await t.prisma.log.count({ where: { message: 'must not be stored' } })).toBe(0);
  });

  it('lets an admin-scoped key do what any scope allows', async () => {
    const { body: key } = await createKey({ name: 'automation', scopes: ['admin'] });
    expect((await t.request('POST', '/ingest', { apiKey: key.key, body: log })).status).toBe(201);
  });

  it('refuses unknown scopes and an expiry in the past with 400 naming the field', async () => {
    const unknown = await createKey({ name: 'x', scopes: ['ingest', 'root'] });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toMatch(/scopes/);
    expect((await createKey({ name: 'x', scopes: [] })).status).toBe(400);
    const past = await createKey({ name: 'x', expires_at: '2001-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body)).toMatch(/expires_at/);
    expect((await createKey({ name: 'x', expires_at: 'tomorrow' })).status).toBe(400);
  });

  it('refuses a key once it has expired with 401, even while its verdict is cached', async () => {
    const expiresAt = new Date(Date.now() + 60 * 60_000);
    const { body: key } = await createKey({ name: 'temporary', expires_at: expiresAt.toISOString() });
    expect(key.expires_at).toBe(expiresAt.toISOString());
    expect((await t.request('POST', '/ingest', { apiKey: key.key, body: log })).status).toBe(201);
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(expiresAt.getTime() + 1));
    const res = await t.request('POST', '/ingest', { apiKey: key.key, body: log });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/expired/);
  });

  describe('reading incidents with a key (incidents:read)', () => {
    let incidentId: string;
    beforeAll(async () => {
      const res = await t.request('POST', '/incidents', { token: t.tokens.responder, body: { title: 'Read me', severity: 'LOW' } });
      incidentId = res.body.id;
    });
    const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

    it('lets an incidents:read (or incidents:write) key list and read incidents and their timeline', async () => {
      for (const scopes of [['incidents:read'], ['incidents:write']]) {
        const { body: key } = await createKey({ name: `reader ${scopes[0]}`, scopes });
        const list = await t.request('GET', '/incidents', bearer(key.key));
        expect(list.status).toBe(200);
        expect(list.body.data.map((i: { id: string }) => i.id)).toContain(incidentId);
        expect((await t.request('GET', `/incidents/${incidentId}`, { apiKey: key.key })).body).toMatchObject({
          title: 'Read me',
          source: 'manual',
        });
        expect((await t.request('GET', `/incidents/${incidentId}/timeline`, { apiKey: key.key })).status).toBe(200);
      }
    });

    it('refuses a key without it with 403 naming incidents:read; people keep their roles', async () => {
      const res = await t.request('GET', '/incidents', { apiKey: t.apiKey });
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/lacks the scope "incidents:read"/);
      expect((await t.request('GET', '/incidents', { token: t.tokens.viewer })).status).toBe(200);
      expect((await t.request('GET', '/incidents')).status).toBe(401);
      expect((await t.request('GET', '/incidents', { token: 'not-a-jwt' })).status).toBe(401);
    });

    it('does not let a key act on incidents on routes only people may use', async () => {
      const { body: key } = await createKey({ name: 'writer', scopes: ['admin'] });
      expect((await t.request('POST', `/incidents/${incidentId}/acknowledge`, bearer(key.key))).status).toBe(401);
      expect((await t.request('GET', '/incidents/stats', { apiKey: key.key })).status).toBe(401);
    });
  });

  it('shows the scope each API-key route requires in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api-json')).body;
    expect(doc.paths['/ingest'].post.security).toEqual([{ 'api-key': ['ingest'] }]);
    expect(doc.paths['/integrations/alertmanager'].post.security).toEqual([{ 'api-key': ['alerts'] }]);
    expect(doc.paths['/incidents'].get.security).toEqual(expect.arrayContaining([{ 'api-key': ['incidents:read'] }, { jwt: [] }]));
  });
});
