import { SchedulerRegistry } from '@nestjs/schedule';
import { randomBytes } from 'node:crypto';
import { LogCountCompactionService } from '../src/logs/log-count-compaction.service';
import { ingestLogs, type TestLog } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('GET /services and /services/:service_id (the services screen)', () => {
  let t: TestApp;
  let compactor: LogCountCompactionService;
  beforeAll(async () => {
    t = await startTestApp();
    // The test decides when compaction runs (the app runs it every 10 s).
    t.app.get(SchedulerRegistry).deleteInterval('log-count-compaction');
    compactor = t.app.get(LogCountCompactionService);
  });
  afterAll(() => t?.close());

  const get = (path: string, token = t.tokens.viewer) => t.request('GET', path, { token });
  const entryOf = (body: { data: { service_id: string }[] }, service: string) =>
    body.data.find((entry) => entry.service_id === service) as any;
  /** Bucket of a time in the answer's window (computed from the answer, so a minute that turns meanwhile cannot shift it). */
  const bucketOf = (activity: { from: string; interval: string }, ms: number) =>
    Math.floor((ms - Date.parse(activity.from)) / (activity.interval === '1m' ? MINUTE : HOUR));

  describe('activity sparklines', () => {
    const payments = unique('payments');
    const search = unique('search');
    const now = Date.now();
    const logs = (service: string, level: TestLog['level'], agoMs: number, count: number): TestLog[] =>
      Array.from({ length: count }, () => ({ service_id: service, level, timestamp: new Date(now - agoMs) }));

    beforeAll(async () => {
      await ingestLogs(t, [...logs(payments, 'INFO', 10 * MINUTE, 3), ...logs(payments, 'WARN', 90 * MINUTE, 1)]);
      // Part of the counts compacted into per-hour and all-services rows, part still deltas, as in production.
      await compactor.compact();
      await ingestLogs(t, [
        ...logs(payments, 'ERROR', 5 * MINUTE, 2),
        ...logs(payments, 'FATAL', 5 * MINUTE, 1),
        ...logs(payments, 'INFO', 5 * MINUTE, 1),
        ...logs(search, 'ERROR', MINUTE, 1),
      ]);
    });

    it('gives each service its logs and ERROR+FATAL logs per minute over the last hour', async () => {
      const res = await get('/services');
      expect(res.status).toBe(200);
      const { activity } = res.body;
      expect(activity).toMatchObject({ range: '1h', interval: '1m', buckets: 60 });
      expect(Date.parse(activity.to) - Date.parse(activity.from)).toBeLessThanOrEqual(HOUR);
      const entry = entryOf(res.body, payments);
      const zeros = new Array(60).fill(0);
      const volume = [...zeros];
      const errors = [...zeros];
      volume[bucketOf(activity, now - 10 * MINUTE)] = 3;
      volume[bucketOf(activity, now - 5 * MINUTE)] = 4;
      errors[bucketOf(activity, now - 5 * MINUTE)] = 3;
      // The WARN of 90 minutes ago is outside the hour.
      expect(entry.activity).toEqual({ volume, errors });
      const other = entryOf(res.body, search).activity;
      expect(other.errors[bucketOf(activity, now - MINUTE)]).toBe(1);
      expect(other.volume.reduce((sum: number, n: number) => sum + n, 0)).toBe(1);
    });

    it('covers the last day by hour with ?activity=24h', async () => {
      const res = await get('/services?activity=24h');
      expect(res.status).toBe(200);
      const { activity } = res.body;
      expect(activity).toMatchObject({ range: '24h', interval: '1h', buckets: 24 });
      const entry = entryOf(res.body, payments);
      expect(entry.activity.volume).toHaveLength(24);
      expect(entry.activity.volume.reduce((sum: number, n: number) => sum + n, 0)).toBe(8);
      expect(entry.activity.volume[bucketOf(activity, now - 90 * MINUTE)]).toBeGreaterThanOrEqual(1);
      expect(entry.activity.errors.reduce((sum: number, n: number) => sum + n, 0)).toBe(3);
    });

    it('shows one service the same way at /services/:service_id', async () => {
      const [list, one] = await Promise.all([get('/services'), get(`/services/${payments}`)]);
      expect(one.status).toBe(200);
      expect(one.body.data).toEqual(entryOf(list.body, payments));
      expect(one.body.activity).toMatchObject({ range: '1h', buckets: 60 });
    });
  });

  it('counts each service’s unresolved incidents by status and severity', async () => {
    const service = unique('incidents');
    await ingestLogs(t, [{ service_id: service }]);
    const open = async (severity: string) => {
      const res = await t.request('POST', '/incidents', { token: t.tokens.responder, body: { title: 't', severity, service_id: service } });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const [high, , low, resolved] = [await open('HIGH'), await open('HIGH'), await open('LOW'), await open('CRITICAL')];
    expect((await t.request('POST', `/incidents/${high}/acknowledge`, { token: t.tokens.responder })).status).toBe(200);
    expect((await t.request('POST', `/incidents/${resolved}/resolve`, { token: t.tokens.responder, body: {} })).status).toBe(200);
    void low;
    const entry = entryOf((await get('/services')).body, service);
    expect(entry.unresolved_incidents).toEqual({
      total: 3,
      open: 2,
      acknowledged: 1,
      by_severity: { LOW: 1, MEDIUM: 0, HIGH: 2, CRITICAL: 0 },
    });
    const quiet = unique('quiet');
    await ingestLogs(t, [{ service_id: quiet }]);
    expect(entryOf((await get('/services')).body, quiet).unresolved_incidents).toEqual({
      total: 0,
      open: 0,
      acknowledged: 0,
      by_severity: { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 },
    });
  });

  it('refuses a bad window or service id with 400 naming the field, an unknown service with 404, no token with 401', async () => {
    const badWindow = await get('/services?activity=7d');
    expect(badWindow.status).toBe(400);
    expect(badWindow.body.details).toEqual([{ field: 'activity', errors: ['activity must be one of 1h, 24h'] }]);
    const badId = await get('/services/not%20a%20service');
    expect(badId.status).toBe(400);
    expect(badId.body.details[0].field).toBe('service_id');
    expect((await get(`/services/${unique('never-seen')}`)).status).toBe(404);
    expect((await t.request('GET', '/services')).status).toBe(401);
    expect((await t.request('GET', '/services/x')).status).toBe(401);
  });

  it('documents the window parameter and the single-service route in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api-json')).body;
    expect(doc.paths['/services'].get.parameters.map((p: { name: string }) => p.name)).toContain('activity');
    expect(Object.keys(doc.paths['/services/{service_id}'].get.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(doc.components.schemas.ServiceSummaryDto.required).toEqual(expect.arrayContaining(['activity', 'unresolved_incidents']));
    expect(doc.components.schemas.ServiceActivityDto.properties.errors.example).toEqual([0, 2, 9]);
  });
});
