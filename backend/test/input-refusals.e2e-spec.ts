import { startTestApp, type TestApp } from './support/test-app';

const NUL = '\u0000';
const ALLOW_PRIVATE = { ALLOW_PRIVATE_WEBHOOKS: 'true' };

/** A 400 in the one error shape whose details name `field`, and no trace of the database. */
function expectRefusalNaming(response: { status: number; body: any; text: string }, field: string): void {
  expect({ status: response.status, body: response.body }).toMatchObject({
    status: 400,
    body: { statusCode: 400, error: 'Bad Request', details: expect.arrayContaining([expect.objectContaining({ field })]) },
  });
  expect(response.text).not.toMatch(/stack|prisma|postgres|SQL|invalid byte sequence/i);
}

describe('bad input is refused with a 400 naming the field', () => {
  let t: TestApp;
  let incidentId: string;
  let ruleId: string;
  let channelId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: ALLOW_PRIVATE });
    const incident = await t.request('POST', '/incidents', {
      token: t.tokens.responder,
      body: { title: 'Checkout down', severity: 'HIGH', service_id: 'checkout' },
    });
    incidentId = incident.body.id;
    const rule = await t.request('POST', '/detection-rules', {
      token: t.tokens.admin,
      body: { name: 'Burst', kind: 'THRESHOLD', window_seconds: 60, threshold: 3, severity: 'HIGH' },
    });
    ruleId = rule.body.id;
    const channel = await t.request('POST', '/notification-channels', {
      token: t.tokens.admin,
      body: { name: 'hook', type: 'WEBHOOK', url: 'http://127.0.0.1:9/hook' },
    });
    channelId = channel.body.id;
  });
  afterAll(() => t?.close());

  describe('U+0000 (NUL), which PostgreSQL cannot store in text', () => {
    const bodies: Array<[string, string, () => string, () => string, Record<string, unknown>, string]> = [
      ['incident title (create)', 'POST', () => '/incidents', () => t.tokens.responder, { title: `a${NUL}b`, severity: 'LOW' }, 'title'],
      [
        'incident description (create)',
        'POST',
        () => '/incidents',
        () => t.tokens.responder,
        { title: 'x', severity: 'LOW', description: NUL },
        'description',
      ],
      ['incident title (update)', 'PATCH', () => `/incidents/${incidentId}`, () => t.tokens.responder, { title: `${NUL}` }, 'title'],
      [
        'incident description (update)',
        'PATCH',
        () => `/incidents/${incidentId}`,
        () => t.tokens.responder,
        { description: `x${NUL}` },
        'description',
      ],
      ['incident comment', 'POST', () => `/incidents/${incidentId}/comments`, () => t.tokens.responder, { body: `hi${NUL}` }, 'body'],
      [
        'incident resolution',
        'POST',
        () => `/incidents/${incidentId}/resolve`,
        () => t.tokens.responder,
        { resolution: `done${NUL}` },
        'resolution',
      ],
      [
        'incident root cause',
        'POST',
        () => `/incidents/${incidentId}/resolve`,
        () => t.tokens.responder,
        { root_cause: `db${NUL}` },
        'root_cause',
      ],
      [
        'rule name',
        'POST',
        () => '/detection-rules',
        () => t.tokens.admin,
        { name: `r${NUL}`, kind: 'THRESHOLD', window_seconds: 60, threshold: 3, severity: 'HIGH' },
        'name',
      ],
      [
        'rule message pattern',
        'PATCH',
        () => `/detection-rules/${ruleId}`,
        () => t.tokens.admin,
        { message_pattern: `time${NUL}out` },
        'message_pattern',
      ],
      ['API key name', 'POST', () => '/api-keys', () => t.tokens.admin, { name: `key${NUL}` }, 'name'],
      [
        'channel name',
        'POST',
        () => '/notification-channels',
        () => t.tokens.admin,
        { name: `n${NUL}`, type: 'WEBHOOK', url: 'http://127.0.0.1:9/hook' },
        'name',
      ],
      [
        'channel url',
        'PATCH',
        () => `/notification-channels/${channelId}`,
        () => t.tokens.admin,
        { url: `http://127.0.0.1:9/hook${NUL}` },
        'url',
      ],
    ];

    it.each(bodies)('in the %s', async (_what, method, path, token, body, field) => {
      expectRefusalNaming(await t.request(method, path(), { token: token(), body }), field);
    });

    it('anywhere in a body, naming the nested path', async () => {
      const response = await t.request('POST', '/notification-channels', {
        token: t.tokens.admin,
        body: { name: 'n', type: 'WEBHOOK', url: 'http://127.0.0.1:9/hook', events: ['incident.opened', `incident.resolved${NUL}`] },
      });
      expectRefusalNaming(response, 'events[1]');
    });

    it('in the full-text search of GET /logs', async () => {
      expectRefusalNaming(await t.request('GET', '/logs?q=%00', { token: t.tokens.viewer }), 'q');
    });

    it('in a metadata filter of GET /logs, value or key', async () => {
      expectRefusalNaming(await t.request('GET', '/logs?metadata.request_id=a%00', { token: t.tokens.viewer }), 'metadata.request_id');
      expectRefusalNaming(await t.request('GET', '/logs?metadata.a%00b=1', { token: t.tokens.viewer }), 'metadata.a\u0000b');
    });

    it('and stores nothing of a refused body', async () => {
      const before = await t.pool.query('SELECT count(*)::int AS n FROM incidents');
      await t.request('POST', '/incidents', { token: t.tokens.responder, body: { title: `a${NUL}`, severity: 'LOW' } });
      const after = await t.pool.query('SELECT count(*)::int AS n FROM incidents');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });
  });

  describe('paging', () => {
    it.each(['page=1e20', 'page=1000001', 'page=0', 'page=1.5', 'page_size=201', 'page_size=1e20', 'page=abc'])(
      'refuses %s on GET /notification-channels/:id/deliveries',
      async (query) => {
        const response = await t.request('GET', `/notification-channels/${channelId}/deliveries?${query}`, { token: t.tokens.admin });
        expectRefusalNaming(response, query.split('=')[0]!);
      },
    );

    it.each([
      ['/incidents', 'page=1e20'],
      ['/incidents', 'limit=1e20'],
      ['/incidents/{id}/timeline', 'page=1e20'],
      ['/incidents/{id}/logs', 'page=10000000'],
    ])('refuses %s?%s', async (path, query) => {
      const response = await t.request('GET', `${path.replace('{id}', incidentId)}?${query}`, { token: t.tokens.viewer });
      expectRefusalNaming(response, query.split('=')[0]!);
    });

    it('still serves the last allowed page (empty)', async () => {
      const response = await t.request('GET', `/notification-channels/${channelId}/deliveries?page=1000000&page_size=200`, {
        token: t.tokens.admin,
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ items: [], page: 1000000, page_size: 200 });
    });
  });

  describe('API keys', () => {
    it.each(['a b', 'x/y', 'é', 'a'.repeat(129)])('refuses service_id %j, which no log could carry', async (serviceId) => {
      const response = await t.request('POST', '/api-keys', { token: t.tokens.admin, body: { name: 'k', service_id: serviceId } });
      expectRefusalNaming(response, 'service_id');
    });

    it('accepts a valid service_id', async () => {
      const response = await t.request('POST', '/api-keys', { token: t.tokens.admin, body: { name: 'k', service_id: 'checkout.v2_eu-1' } });
      expect(response.status).toBe(201);
      expect(response.body.service_id).toBe('checkout.v2_eu-1');
    });
  });

  describe('unknown fields in the body of a route that takes none', () => {
    it.each([
      ['POST', '/incidents/{id}/acknowledge', 'RESPONDER'],
      ['POST', '/incidents/{id}/reopen', 'RESPONDER'],
      ['POST', '/incidents/{id}/analysis/summary', 'RESPONDER'],
      ['POST', '/notification-channels/{channel}/test', 'ADMIN'],
      ['DELETE', '/api-keys/00000000-0000-4000-8000-000000000000', 'ADMIN'],
    ])('%s %s refuses them, naming them', async (method, path, role) => {
      const token = role === 'ADMIN' ? t.tokens.admin : t.tokens.responder;
      const url = path.replace('{id}', incidentId).replace('{channel}', channelId);
      const response = await t.request(method, url, { token, body: { note: 'x', force: true } });
      expectRefusalNaming(response, 'note');
      expect(response.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'force', errors: ['property force should not exist'] })]),
      );
    });

    it('refuses a body that is not an object: an array (400), text (415, like every route)', async () => {
      const array = await t.request('POST', `/incidents/${incidentId}/acknowledge`, { token: t.tokens.responder, body: ['x'] });
      expect(array.status).toBe(400);
      expect(array.body.message).toMatch(/takes no body/);
      const text = await t.request('POST', `/incidents/${incidentId}/acknowledge`, {
        token: t.tokens.responder,
        rawBody: 'please',
        headers: { 'content-type': 'text/plain' },
      });
      // Content types are checked before the body is read, on every route: JSON only here.
      expect(text.status).toBe(415);
      expect(text.body).toMatchObject({ statusCode: 415, message: expect.stringMatching(/content-type/i) });
    });

    it('accepts no body and an empty object', async () => {
      const created = await t.request('POST', '/incidents', { token: t.tokens.responder, body: { title: 'Quiet', severity: 'LOW' } });
      const acknowledged = await t.request('POST', `/incidents/${created.body.id}/acknowledge`, { token: t.tokens.responder, body: {} });
      expect(acknowledged.status).toBe(200);
      const resolved = await t.request('POST', `/incidents/${created.body.id}/resolve`, { token: t.tokens.responder });
      expect(resolved.status).toBe(200);
      const reopened = await t.request('POST', `/incidents/${created.body.id}/reopen`, { token: t.tokens.responder });
      expect(reopened.status).toBe(200);
    });
  });
});
