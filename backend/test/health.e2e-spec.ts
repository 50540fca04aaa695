import { startTestApp, type TestApp } from './support/test-app';

describe('health, docs and the error shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: false });
  });
  afterAll(() => t.close());

  it('answers liveness without authentication', async () => {
    const res = await t.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('reports the database as up on readiness, having really queried it', async () => {
    const res = await t.request('GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.details.database.status).toBe('up');
    const { rows } = await t.pool.query<{ count: string }>('SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    expect(Number(rows[0]!.count)).toBeGreaterThan(0);
  });

  it('serves Swagger UI at /api and the OpenAPI document at /api-json', async () => {
    const ui = await t.request('GET', '/api');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('Swagger UI');
    const doc = await t.request('GET', '/api-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.paths['/health/ready']).toBeDefined();
  });

  it('turns an unknown route into the JSON error shape with a request id', async () => {
    const res = await t.request('GET', '/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('turns malformed JSON into a 400 without a stack trace', async () => {
    const res = await t.request('POST', '/health', { rawBody: '{"broken', headers: { 'content-type': 'application/json' } });
    expect([400, 404]).toContain(res.status);
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('sends security headers', async () => {
    const res = await t.request('GET', '/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('requires a JWT on routes that are not public', async () => {
    const res = await t.request('GET', '/api-keys-probe-that-does-not-exist');
    expect(res.status).toBe(404);
  });
});
