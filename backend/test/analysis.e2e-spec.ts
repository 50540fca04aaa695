import { randomUUID } from 'node:crypto';
import { ensureLogPartitions, type FixtureLog, insertLogs, minutesAgo, seedIncident } from './support/analysis-fixtures';
import { closeInstance, startInstance } from './support/app-instances';
import { startTestApp, type TestApp } from './support/test-app';

const GATEWAY_TEMPLATE = 'Payment gateway timeout after <DURATION> for tx_<NUM>';
const REFUSED_TEMPLATE = 'Connection refused to db-<NUM>:<NUM> after <NUM> retries';
const LOGIN_TEMPLATE = 'User <NUM> failed login from <IP>';

/** `count` logs spread evenly between `fromMinutesAgo` and `toMinutesAgo`. */
function spread(
  count: number,
  fromMinutesAgo: number,
  toMinutesAgo: number,
  make: (i: number) => Omit<FixtureLog, 'timestamp'>,
  now: number,
) {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: minutesAgo(fromMinutesAgo - ((fromMinutesAgo - toMinutesAgo) * i) / Math.max(1, count - 1), now),
    ...make(i),
  }));
}

describe('log patterns and incident analysis', () => {
  let t: TestApp;
  let incidentId: string;
  let emptyIncidentId: string;
  const now = Date.now();

  beforeAll(async () => {
    t = await startTestApp();
    await ensureLogPartitions(t.pool);
    const gateway = (i: number) => ({
      serviceId: 'payments',
      level: 'ERROR' as const,
      message: `Payment gateway timeout after ${1000 + i * 7}ms for tx_${i}`,
    });
    const refused = (i: number) => ({
      serviceId: 'payments',
      level: 'ERROR' as const,
      message: `Connection refused to db-${i % 3}:5432 after ${i % 5} retries`,
    });
    const login = (i: number) => ({
      serviceId: 'auth',
      level: 'WARN' as const,
      message: `User ${i + 1} failed login from 10.0.0.${i + 1}`,
    });

    incidentId = await seedIncident(
      t.pool,
      { title: 'High error rate on payments', serviceId: 'payments', firstSeenAt: minutesAgo(20, now), lastSeenAt: minutesAgo(10, now) },
      [
        // The earliest linked log is a WARN: the first *error* comes half a minute later.
        ...spread(5, 20, 11, login, now),
        ...spread(10, 19.5, 10, refused, now),
        ...spread(30, 19, 10, gateway, now),
      ],
      [
        // The hour before: refused connections were already common, the gateway timeout rare.
        ...spread(20, 70, 25, (i) => refused(i + 1), now),
        ...spread(1, 50, 50, gateway, now),
        // Not comparable: another service, and a level the incident has no logs of.
        ...spread(50, 40, 30, (i) => ({ ...gateway(i), serviceId: 'unrelated' }), now),
        ...spread(5, 40, 30, (i) => ({ ...gateway(i), level: 'INFO' as const }), now),
        // Context in the incident window, not linked.
        ...spread(5, 15, 14, () => ({ serviceId: 'payments', level: 'INFO', message: 'Health check ok' }), now),
        // Outside the default hour of GET /logs/patterns.
        { timestamp: minutesAgo(120, now), serviceId: 'payments', level: 'ERROR', message: 'Ancient message nobody should see by default' },
      ],
    );
    emptyIncidentId = await seedIncident(
      t.pool,
      { title: 'Manual incident', serviceId: 'checkout', firstSeenAt: null, lastSeenAt: null },
      [],
    );
  });
  afterAll(() => t?.close());

  describe('GET /logs/patterns', () => {
    it('returns the templates of the last hour with counts, first and last seen, an example, services and levels', async () => {
      const res = await t.request('GET', '/logs/patterns?service_id=payments', { token: t.tokens.viewer });
      expect(res.status).toBe(200);
      const gateway = res.body.patterns.find((p: { template: string }) => p.template === GATEWAY_TEMPLATE);
      // 30 in the incident + 1 before it + 5 INFO, all payments and within the hour.
      expect(gateway).toMatchObject({ count: 36, services: ['payments'], levels: { ERROR: 31, INFO: 5 } });
      expect(gateway.example).toMatch(/^Payment gateway timeout after \d+ms for tx_\d+$/);
      expect(Date.parse(gateway.first_seen)).toBeLessThan(Date.parse(gateway.last_seen));
      expect(res.body.patterns.map((p: { template: string }) => p.template)).not.toContain(LOGIN_TEMPLATE);
      expect(res.text).not.toContain('Ancient message');
      expect(res.body).toMatchObject({ truncated: false, truncated_by: null });
      expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(3_600_000);
      // Most frequent first.
      const counts = res.body.patterns.map((p: { count: number }) => p.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    });

    it('lists every service that logged a template', async () => {
      const res = await t.request('GET', '/logs/patterns?level=error', { token: t.tokens.viewer });
      expect(res.status).toBe(200);
      const gateway = res.body.patterns.find((p: { template: string }) => p.template === GATEWAY_TEMPLATE);
      expect(gateway.count).toBe(81);
      expect(gateway.services).toEqual(['unrelated', 'payments']);
      expect(res.body.patterns.every((p: { levels: object }) => Object.keys(p.levels).join() === 'ERROR')).toBe(true);
    });

    it('filters by minimum level and by an explicit window', async () => {
      const from = minutesAgo(180, now).toISOString();
      const res = await t.request('GET', `/logs/patterns?min_level=WARN&from=${from}&limit=2`, { token: t.tokens.viewer });
      expect(res.status).toBe(200);
      expect(res.body.patterns).toHaveLength(2);
      expect(res.body.total_templates).toBeGreaterThan(2);
      const all = await t.request('GET', `/logs/patterns?min_level=warn&from=${from}`, { token: t.tokens.viewer });
      const templates = all.body.patterns.map((p: { template: string }) => p.template);
      expect(templates).toContain(LOGIN_TEMPLATE);
      expect(templates).toContain('Ancient message nobody should see by default');
      expect(templates).not.toContain('Health check ok');
    });

    it('is served by its own route, not taken for a log id by GET /logs/:id', async () => {
      const res = await t.request('GET', '/logs/patterns', { token: t.tokens.viewer });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ patterns: expect.any(Array), scanned: expect.any(Number), other: { count: 0, templates_evicted: 0 } }),
      );
      // ...while a log id still reaches the logs feature's route.
      const log = await t.request('GET', '/logs/987654321', { token: t.tokens.viewer });
      expect(log.status).toBe(404);
      expect(log.body.patterns).toBeUndefined();
    });

    it('documents its routes in the OpenAPI document', async () => {
      const doc = await t.request('GET', '/api-json');
      expect(doc.body.paths['/logs/patterns'].get).toBeDefined();
      expect(doc.body.paths['/incidents/{id}/analysis'].get).toBeDefined();
      expect(doc.body.paths['/incidents/{id}/analysis/summary'].post).toBeDefined();
    });

    it.each([
      ['level=LOUD', 'level'],
      ['min_level=x', 'min_level'],
      ['level=ERROR&min_level=WARN', 'min_level'],
      ['from=yesterday', 'from'],
      ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['service_id=bad%20id', 'service_id'],
      ['unknown=1', 'unknown'],
    ])('refuses %s with a 400 naming the field', async (query, field) => {
      const res = await t.request('GET', `/logs/patterns?${query}`, { token: t.tokens.viewer });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('requires a signed-in user', async () => {
      expect((await t.request('GET', '/logs/patterns')).status).toBe(401);
    });
  });

  describe('GET /incidents/:id/analysis', () => {
    let analysis: any;
    beforeAll(async () => {
      const res = await t.request('GET', `/incidents/${incidentId}/analysis`, { token: t.tokens.viewer });
      expect(res.status).toBe(200);
      analysis = res.body;
    });

    it("mines the templates of the incident's linked logs only", () => {
      expect(analysis.linked_logs).toEqual({ total: 45, analysed: 45, truncated: false });
      expect(analysis.patterns.map((p: { template: string; count: number }) => [p.template, p.count])).toEqual([
        [GATEWAY_TEMPLATE, 30],
        [REFUSED_TEMPLATE, 10],
        [LOGIN_TEMPLATE, 5],
      ]);
      expect(analysis.patterns[2]).toMatchObject({ services: ['auth'], levels: { WARN: 5 } });
    });

    it('lists the services involved, most linked logs first', () => {
      expect(analysis.services).toEqual([
        { service_id: 'payments', count: 40 },
        { service_id: 'auth', count: 5 },
      ]);
    });

    it('finds the first error, skipping earlier logs below ERROR', () => {
      expect(analysis.first_error).toMatchObject({
        service_id: 'payments',
        level: 'ERROR',
        message: 'Connection refused to db-0:5432 after 0 retries',
        template: REFUSED_TEMPLATE,
        timestamp: minutesAgo(19.5, now).toISOString(),
      });
    });

    it('ranks the templates that rose most against the hour before, among the same services and levels', () => {
      expect(analysis.rising.map((r: { template: string }) => r.template)).toEqual([GATEWAY_TEMPLATE, LOGIN_TEMPLATE, REFUSED_TEMPLATE]);
      expect(analysis.rising[0]).toMatchObject({ incident_count: 30, baseline_count: 1, incident_rate_per_minute: 3 });
      expect(analysis.rising[0].ratio).toBeCloseTo((31 / 10) * 30, 1);
      expect(analysis.rising[2]).toMatchObject({ incident_count: 10, baseline_count: 20 });
      expect(analysis.baseline.analysed).toBe(21);
    });

    it('counts logs per minute from 30 minutes before the incident until now, when 30 minutes after it are not over yet', () => {
      const { activity } = analysis;
      expect(activity.bucket_seconds).toBe(60);
      const firstSeen = minutesAgo(20, now).getTime();
      expect(activity.from).toBe(new Date(Math.floor((firstSeen - 30 * 60_000) / 60_000) * 60_000).toISOString());
      // 30 minutes after the last log would be in the future: the chart stops at now.
      expect(Date.parse(activity.to)).toBeGreaterThanOrEqual(now);
      expect(Date.parse(activity.to)).toBeLessThanOrEqual(Date.now() + 60_000);
      expect(activity.buckets).toHaveLength((Date.parse(activity.to) - Date.parse(activity.from)) / 60_000);
      const sum = (key: string) => activity.buckets.reduce((total: number, b: Record<string, number>) => total + b[key]!, 0);
      expect(sum('linked')).toBe(45);
      // payments + auth in the window: 45 linked, 5 health checks, 5 INFO timeouts, and the
      // baseline logs from 50 minutes ago on (the window starts 50 minutes ago).
      expect(sum('total')).toBeGreaterThanOrEqual(55);
      expect(sum('errors')).toBeLessThan(sum('total'));
    });

    it("reports the incident's facts", () => {
      expect(analysis.incident).toMatchObject({
        id: incidentId,
        title: 'High error rate on payments',
        severity: 'HIGH',
        status: 'OPEN',
        service_id: 'payments',
        log_count: 45,
        first_seen_at: minutesAgo(20, now).toISOString(),
      });
      expect(typeof analysis.analysed_in_ms).toBe('number');
    });

    it('answers for an incident without logs', async () => {
      const res = await t.request('GET', `/incidents/${emptyIncidentId}/analysis`, { token: t.tokens.viewer });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ linked_logs: { total: 0 }, patterns: [], rising: [], first_error: null });
      expect(res.body.services).toEqual([{ service_id: 'checkout', count: 0 }]);
      expect(res.body.activity.buckets.length).toBeGreaterThan(0);
    });

    it('returns 404 for an unknown incident and 400 for an id that is not a UUID', async () => {
      const missing = await t.request('GET', `/incidents/${randomUUID()}/analysis`, { token: t.tokens.viewer });
      expect(missing.status).toBe(404);
      const bad = await t.request('GET', '/incidents/not-a-uuid/analysis', { token: t.tokens.viewer });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'id', errors: ['id must be a UUID'] }]);
    });

    it('requires a signed-in user', async () => {
      expect((await t.request('GET', `/incidents/${incidentId}/analysis`)).status).toBe(401);
    });
  });

  describe('with a scan cap (ANALYSIS_MAX_LOGS=10)', () => {
    let capped: TestApp;
    beforeAll(async () => {
      capped = await startInstance(t, { ANALYSIS_MAX_LOGS: '10' });
    });
    afterAll(() => capped && closeInstance(t, capped));

    it('analyses only the newest logs of a window and says so', async () => {
      await insertLogs(t.pool, [{ timestamp: new Date(), serviceId: 'newest', level: 'INFO', message: 'The very newest line' }]);
      const res = await capped.request('GET', '/logs/patterns', { token: t.tokens.viewer });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ scanned: 10, truncated: true, truncated_by: 'max_logs' });
      expect(res.body.patterns.map((p: { template: string }) => p.template)).toContain('The very newest line');
    });

    it('analyses the newest linked logs of an incident yet still finds its first error', async () => {
      const res = await capped.request('GET', `/incidents/${incidentId}/analysis`, { token: t.tokens.viewer });
      expect(res.status).toBe(200);
      expect(res.body.linked_logs).toEqual({ total: 45, analysed: 10, truncated: true });
      expect(res.body.first_error.message).toBe('Connection refused to db-0:5432 after 0 retries');
      expect(res.body.activity.buckets.reduce((sum: number, b: { linked: number }) => sum + b.linked, 0)).toBe(45);
    });
  });
});
