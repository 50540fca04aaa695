import { randomBytes } from 'node:crypto';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { closeInstance, startInstance } from './support/app-instances';
import { startTestApp, type TestApp } from './support/test-app';

// The limit the tests configure: the request (150 invented service ids) is well past it.
const LIMIT = 100;
const ENV = { INGEST_NEW_SERVICES_PER_KEY_PER_HOUR: String(LIMIT) };

const run = randomBytes(3).toString('hex');
const serviceIds = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${run}-${i}`);
const errorsFor = (ids: string[], perService = 1) =>
  ids.flatMap((service_id) => Array.from({ length: perService }, (_, i) => ({ service_id, level: 'ERROR', message: `boom #${i}` })));

describe('new service ids per API key (INGEST_NEW_SERVICES_PER_KEY_PER_HOUR)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
  });
  afterAll(() => t?.close());

  const newKey = async (name: string) => (await t.app.get(ApiKeysService).create({ name })).key;
  const ingest = (apiKey: string, body: unknown, instance = t) => instance.request('POST', '/ingest', { apiKey, body });
  const storedCount = async (ids: string[]) => {
    const { rows } = await t.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM logs WHERE service_id = ANY($1::text[])', [ids]);
    return rows[0]!.n;
  };
  const listedServices = async (ids: string[]) => {
    const { rows } = await t.pool.query('SELECT service_id FROM services WHERE service_id = ANY($1::text[])', [ids]);
    return rows.length;
  };

  it('refuses 900 ERROR logs over 150 invented service ids with 429 naming service_id, and stores none of them', async () => {
    const invented = serviceIds('invented', 150);
    const response = await ingest(t.apiKey, errorsFor(invented, 6));

    expect(response.status).toBe(429);
    expect(response.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/150 new service_id values.*at most 100 per hour.*nothing was stored/i),
      details: { field: 'service_id', limit: LIMIT, window_seconds: 3600, new_in_request: 150, introduced_in_window: 0 },
    });
    expect(response.body.details.new_service_ids).toHaveLength(20);
    // Waiting does not help a request that alone exceeds the limit: no Retry-After to wait for.
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await storedCount(invented)).toBe(0);
    expect(await listedServices(invented)).toBe(0);
  });

  it('counts the hour across requests; services already known cost nothing; over the limit: 429 with Retry-After, nothing stored', async () => {
    const key = await newKey('collector');
    const first = serviceIds('first', 60);
    const second = serviceIds('second', 40);
    expect((await ingest(key, errorsFor(first))).status).toBe(201);
    // The same services again, from this key or another one, are not new.
    expect((await ingest(key, errorsFor(first))).status).toBe(201);
    expect((await ingest(t.apiKey, errorsFor(first.slice(0, 5)))).status).toBe(201);
    expect((await ingest(key, errorsFor(second))).status).toBe(201);

    // 100 introduced: one more new service id refuses the whole request, known services included.
    const oneMore = serviceIds('one-more', 1);
    const refused = await ingest(key, errorsFor([...first.slice(0, 3), ...oneMore]));
    expect(refused.status).toBe(429);
    expect(refused.body.details).toMatchObject({ field: 'service_id', new_in_request: 1, introduced_in_window: 100 });
    expect(refused.body.details.new_service_ids).toEqual(oneMore);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await storedCount(oneMore)).toBe(0);
    expect(await storedCount(first)).toBe(60 + 60 + 5);

    // Each key has its own allowance.
    expect((await ingest(await newKey('another collector'), errorsFor(oneMore))).status).toBe(201);
  });

  it('refuses OTLP/HTTP records the same way', async () => {
    const key = await newKey('otel collector');
    const body = {
      resourceLogs: serviceIds('otlp', LIMIT + 1).map((name) => ({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: name } }] },
        scopeLogs: [{ logRecords: [{ severityNumber: 17, body: { stringValue: 'boom' } }] }],
      })),
    };
    const response = await t.request('POST', '/v1/logs', { apiKey: key, body });
    expect(response.status).toBe(429);
    expect(response.body.message).toMatch(/service_id/);
  });

  it('holds across app instances: two requests of 60 new services each at once on one key, one of them refused', async () => {
    const b = await startInstance(t, ENV);
    try {
      const key = await newKey('shared collector');
      const [left, right] = await Promise.all([
        ingest(key, errorsFor(serviceIds('left', 60))),
        ingest(key, errorsFor(serviceIds('right', 60)), b),
      ]);
      expect([left.status, right.status].sort()).toEqual([201, 429]);
    } finally {
      await closeInstance(t, b);
    }
  });
});
