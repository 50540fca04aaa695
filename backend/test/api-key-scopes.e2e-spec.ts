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

    it('does not let a key use routes only people may use', async () => {
      const { body: key } = await createKey({ name: 'stats reader', scopes: ['admin'] });
      expect((await t.request('GET', '/incidents/stats', { apiKey: key.key })).status).toBe(401);
    });
  });

  describe('working incidents with a key (incidents:write)', () => {
    const timelineOf = async (id: string) =>
      (await t.request('GET', `/incidents/${id}/timeline?limit=100`, { token: t.tokens.viewer })).body.data as Array<{
        type: string;
        actor: string;
        body: string | null;
      }>;

    it('opens, acknowledges, comments, assigns and resolves as the key, named on the timeline', async () => {
      const { body: key } = await createKey({ name: 'chatops-bot', scopes: ['incidents:write'] });
      const opened = await t.request('POST', '/incidents', { apiKey: key.key, body: { title: 'Opened by a bot', severity: 'HIGH' } });
      expect(opened.status).toBe(201);
      const id = opened.body.id as string;
      expect((await t.request('POST', `/incidents/${id}/acknowledge`, { apiKey: key.key })).body.status).toBe('ACKNOWLEDGED');
      expect((await t.request('POST', `/incidents/${id}/comments`, { apiKey: key.key, body: { body: 'rolled back' } })).status).toBe(201);
      const assigned = await t.request('PATCH', `/incidents/${id}`, { apiKey: key.key, body: { assignee_id: t.users.responder.id } });
      expect(assigned.body.assignee_id).toBe(t.users.responder.id);
      const resolved = await t.request('POST', `/incidents/${id}/resolve`, { apiKey: key.key, body: { resolution: 'rollback' } });
      expect(resolved.body.status).toBe('RESOLVED');
      const timeline = await timelineOf(id);
      expect(timeline.map((entry) => entry.actor)).toEqual(expect.arrayContaining(['api_key:chatops-bot']));
      expect(timeline.filter((entry) => entry.actor !== 'api_key:chatops-bot')).toEqual([]);
      expect(timeline.find((entry) => entry.type === 'comment')?.body).toBe('rolled back');
    });

    it('refuses a key without it with 403 naming incidents:write, and changes nothing', async () => {
      const opened = await t.request('POST', '/incidents', { token: t.tokens.responder, body: { title: 'Not yours', severity: 'LOW' } });
      for (const scopes of [['incidents:read'], ['ingest']]) {
        const { body: key } = await createKey({ name: `not a writer ${scopes[0]}`, scopes });
        const res = await t.request('POST', `/incidents/${opened.body.id}/acknowledge`, { apiKey: key.key });
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/lacks the scope "incidents:write"/);
      }
      expect((await t.request('POST', `/incidents/${opened.body.id}/acknowledge`, { apiKey: 'ilm_unknown' })).status).toBe(401);
      expect((await t.request('GET', `/incidents/${opened.body.id}`, { token: t.tokens.viewer })).body.status).toBe('OPEN');
    });

    it('keeps a key bound to a service to that service’s incidents', async () => {
      const { body: key } = await createKey({ name: 'checkout bot', scopes: ['incidents:write'], service_id: 'checkout' });
      const own = await t.request('POST', '/incidents', { apiKey: key.key, body: { title: 'Checkout slow', severity: 'LOW' } });
      expect(own.status).toBe(201);
      expect(own.body.service_id).toBe('checkout');
      const elsewhere = await t.request('POST', '/incidents', {
        apiKey: key.key,
        body: { title: 'Not my service', severity: 'LOW', service_id: 'payments' },
      });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.details[0].field).toBe('service_id');
      const other = await t.request('POST', '/incidents', {
        token: t.tokens.responder,
        body: { title: 'Payments down', severity: 'HIGH', service_id: 'payments' },
      });
      const refused = await t.request('POST', `/incidents/${other.body.id}/acknowledge`, { apiKey: key.key });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/bound to service "checkout"/);
      expect((await t.request('GET', `/incidents/${other.body.id}`, { token: t.tokens.viewer })).body.status).toBe('OPEN');
      expect((await t.request('POST', `/incidents/${own.body.id}/acknowledge`, { apiKey: key.key })).status).toBe(200);
    });

    it('shows incidents:write on the incident routes in the OpenAPI document', async () => {
      const doc = (await t.request('GET', '/api-json')).body;
      const writes: Array<[string, string]> = [
        ['/incidents', 'post'],
        ['/incidents/{id}', 'patch'],
        ['/incidents/{id}/acknowledge', 'post'],
        ['/incidents/{id}/resolve', 'post'],
        ['/incidents/{id}/reopen', 'post'],
        ['/incidents/{id}/comments', 'post'],
      ];
      for (const [path, method] of writes) {
        expect(doc.paths[path][method].security).toEqual(expect.arrayContaining([{ 'api-key': ['incidents:write'] }, { jwt: [] }]));
      }
    });
  });

  it('shows the scope each API-key route requires in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api-json')).body;
    expect(doc.paths['/ingest'].post.security).toEqual([{ 'api-key': ['ingest'] }]);
    expect(doc.paths['/integrations/alertmanager'].post.security).toEqual([{ 'api-key': ['alerts'] }]);
    expect(doc.paths['/incidents'].get.security).toEqual(expect.arrayContaining([{ 'api-key': ['incidents:read'] }, { jwt: [] }]));
  });
});
