import { DefaultRules } from '../src/detection/default-rules';
import { eventually, insertLogs, secondsAgo } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const NOT_A_KNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('/detection-rules', () => {
  let t: TestApp;
  const threshold = { kind: 'THRESHOLD', window_seconds: 60, threshold: 3, severity: 'HIGH' };
  const anomaly = { kind: 'ANOMALY', window_seconds: 60, baseline_minutes: 30, z_score: 3, min_count: 5, severity: 'MEDIUM' };
  const absence = { kind: 'ABSENCE', level: 'INFO', service_id: 'billing-cron', window_seconds: 300, severity: 'HIGH' };
  const post = (body: Record<string, unknown>, token = t.tokens.admin) => t.request('POST', '/detection-rules', { token, body });

  beforeAll(async () => {
    // The defaults of the seeded rule come from the environment.
    t = await startTestApp({ env: { DETECTION_THRESHOLD: '7', DETECTION_WINDOW_SECONDS: '120' } });
  });
  afterAll(() => t?.close());

  it('seeds "High Error Rate" from DETECTION_THRESHOLD and DETECTION_WINDOW_SECONDS, "Error Anomaly", and disabled ABSENCE and NEW_PATTERN examples, at first start', async () => {
    const res = await t.request('GET', '/detection-rules', { token: t.tokens.viewer });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(5);
    expect(res.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'High Error Rate',
          kind: 'THRESHOLD',
          level: 'ERROR',
          service_id: null,
          threshold: 7,
          window_seconds: 120,
          severity: 'HIGH',
          enabled: true,
          auto_resolve_seconds: null,
        }),
        expect.objectContaining({
          name: 'Error Anomaly',
          kind: 'ANOMALY',
          level: 'ERROR',
          window_seconds: 60,
          baseline_minutes: 30,
          z_score: 3,
          min_count: 5,
          min_baseline_minutes: 5,
          threshold: null,
          severity: 'MEDIUM',
        }),
        expect.objectContaining({
          name: 'Heartbeat missing (example)',
          kind: 'ABSENCE',
          enabled: false,
          service_id: 'billing-cron',
          min_count: 1,
        }),
        expect.objectContaining({
          name: 'Ingestion stopped',
          kind: 'ABSENCE',
          enabled: false,
          service_id: null,
          level: 'DEBUG',
          min_count: 1,
        }),
        expect.objectContaining({
          name: 'New error patterns (example)',
          kind: 'NEW_PATTERN',
          enabled: false,
          service_id: null,
          level: 'ERROR',
          learning_seconds: 86_400,
        }),
      ]),
    );
  });

  it('never brings a deleted default rule back on a restart, and seeds once when several instances start together', async () => {
    const seeder = t.app.get(DefaultRules);
    const names = async () => (await t.pool.query('SELECT name FROM detection_rules ORDER BY name')).rows.map((row) => row.name);
    const rules = (await t.request('GET', '/detection-rules', { token: t.tokens.viewer })).body as any[];
    const anomalyRule = rules.find((rule) => rule.name === 'Error Anomaly');
    expect((await t.request('DELETE', `/detection-rules/${anomalyRule.id}`, { token: t.tokens.admin })).status).toBe(204);
    await seeder.onModuleInit(); // what the next start runs
    expect(await names()).toEqual(['Heartbeat missing (example)', 'High Error Rate', 'Ingestion stopped', 'New error patterns (example)']);

    await t.pool.query('DELETE FROM detection_rules');
    await Promise.all([seeder.onModuleInit(), seeder.onModuleInit(), seeder.onModuleInit()]);
    expect(await names()).toEqual([
      'Error Anomaly',
      'Heartbeat missing (example)',
      'High Error Rate',
      'Ingestion stopped',
      'New error patterns (example)',
    ]);
  });

  it('creates THRESHOLD and ANOMALY rules with their defaults', async () => {
    const created = await post({ name: 'Checkout errors', ...threshold, service_id: 'checkout', message_pattern: 'timeout|refused' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Checkout errors',
      enabled: true,
      level: 'ERROR',
      service_id: 'checkout',
      threshold: 3,
      message_pattern: 'timeout|refused',
    });
    expect((await t.request('GET', `/detection-rules/${created.body.id}`, { token: t.tokens.viewer })).body).toEqual(created.body);

    const spikes = await post({ name: 'Spikes', ...anomaly, level: 'WARN', auto_resolve_seconds: 600 });
    expect(spikes.status).toBe(201);
    expect(spikes.body).toMatchObject({ min_baseline_minutes: 5, threshold: null, level: 'WARN', auto_resolve_seconds: 600 });
  });

  it.each([
    ['a THRESHOLD rule without threshold', { name: 'r1', ...threshold, threshold: undefined }, 'threshold'],
    ['a negative threshold', { name: 'r2', ...threshold, threshold: -1 }, 'threshold'],
    ['an ANOMALY rule without z_score', { name: 'r3', ...anomaly, z_score: undefined }, 'z_score'],
    ['an ANOMALY rule without baseline_minutes', { name: 'r4', ...anomaly, baseline_minutes: undefined }, 'baseline_minutes'],
    ['an ANOMALY rule without min_count', { name: 'r5', ...anomaly, min_count: undefined }, 'min_count'],
    ['a z_score on a THRESHOLD rule', { name: 'r6', ...threshold, z_score: 2 }, 'z_score'],
    ['a window of 0 s', { name: 'r7', ...threshold, window_seconds: 0 }, 'window_seconds'],
    ['a window over a day', { name: 'r8', ...threshold, window_seconds: 86_401 }, 'window_seconds'],
    ['an invalid regular expression', { name: 'r9', ...threshold, message_pattern: 'timeout(' }, 'message_pattern'],
    ['an unknown kind', { name: 'r10', ...threshold, kind: 'MAGIC' }, 'kind'],
    ['an unknown level', { name: 'r11', ...threshold, level: 'CRITICAL' }, 'level'],
    ['a minimum baseline longer than the baseline', { name: 'r12', ...anomaly, baseline_minutes: 3 }, 'min_baseline_minutes'],
    ['no name', { ...threshold }, 'name'],
    ['a threshold on an ABSENCE rule', { name: 'r13', ...absence, threshold: 3 }, 'threshold'],
    [
      'auto_resolve_seconds on an ABSENCE rule (it resolves when logs return)',
      { name: 'r14', ...absence, auto_resolve_seconds: 60 },
      'auto_resolve_seconds',
    ],
    ['an ABSENCE rule expecting 0 logs', { name: 'r15', ...absence, min_count: 0 }, 'min_count'],
    ['min_count on a THRESHOLD rule', { name: 'r16', ...threshold, min_count: 2 }, 'min_count'],
    ['a group_by that is no metadata key', { name: 'r17', ...threshold, group_by: 'host name!' }, 'group_by'],
    ['group_by on an ABSENCE rule', { name: 'r18', ...absence, group_by: 'host' }, 'group_by'],
    ['group_by on an ANOMALY rule', { name: 'r19', ...anomaly, group_by: 'host' }, 'group_by'],
  ])('refuses %s with a 400 naming the field', async (_case, body, field) => {
    const res = await post(body as Record<string, unknown>);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('creates ABSENCE rules for one service or for every service together, expecting 1 log per window by default', async () => {
    const heartbeat = await post({ name: 'Cron heartbeat', ...absence, message_pattern: 'run finished' });
    expect(heartbeat.status).toBe(201);
    expect(heartbeat.body).toMatchObject({
      kind: 'ABSENCE',
      service_id: 'billing-cron',
      min_count: 1,
      threshold: null,
      auto_resolve_seconds: null,
    });
    const everything = await post({ name: 'Nothing at all', ...absence, service_id: null, min_count: 10 });
    expect(everything.status).toBe(201);
    expect(everything.body).toMatchObject({ kind: 'ABSENCE', service_id: null, min_count: 10 });
  });

  it('refuses a second rule with the same name with a 409', async () => {
    expect((await post({ name: 'Twice', ...threshold })).status).toBe(201);
    const res = await post({ name: 'Twice', ...threshold });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('A detection rule named "Twice" already exists');
  });

  it('patches a rule, validating the merged result', async () => {
    const { body: rule } = await post({ name: 'Patchable', ...threshold });
    const patch = (body: unknown) => t.request('PATCH', `/detection-rules/${rule.id}`, { token: t.tokens.admin, body });
    expect((await patch({ threshold: 10, enabled: false })).body).toMatchObject({ threshold: 10, enabled: false });
    expect((await patch({ kind: 'ANOMALY', baseline_minutes: 30, z_score: 3, min_count: 5 })).body).toMatchObject({
      kind: 'ANOMALY',
      threshold: null,
      min_baseline_minutes: 5,
    });
    expect((await patch({ name: null })).status).toBe(400);
    expect((await patch({ kind: 'THRESHOLD' })).status).toBe(400); // no threshold any more
    expect((await patch({ message_pattern: '[a-' })).status).toBe(400);
    expect((await patch({ name: 'Twice' })).status).toBe(409);
    expect(
      (await t.request('PATCH', `/detection-rules/${NOT_A_KNOWN_ID}`, { token: t.tokens.admin, body: { enabled: true } })).status,
    ).toBe(404);
    expect((await t.request('GET', '/detection-rules/nope', { token: t.tokens.viewer })).status).toBe(400);
  });

  it('deletes a rule but keeps its incidents, whose rule becomes null', async () => {
    const serviceId = `doomed-${Date.now()}`;
    const { body: rule } = await post({ name: 'Doomed', ...threshold, service_id: serviceId, threshold: 1, severity: 'LOW' });
    await insertLogs(t.pool, [
      { service_id: serviceId, timestamp: secondsAgo(2) },
      { service_id: serviceId, timestamp: secondsAgo(1) },
    ]);
    const incident = await eventually(async () => {
      const res = await t.request('GET', `/incidents?service_id=${serviceId}`, { token: t.tokens.viewer });
      return res.body.data[0];
    }, 4000);
    expect(incident.rule).toEqual({ id: rule.id, name: 'Doomed' });

    expect((await t.request('DELETE', `/detection-rules/${rule.id}`, { token: t.tokens.admin })).status).toBe(204);
    expect((await t.request('GET', `/detection-rules/${rule.id}`, { token: t.tokens.viewer })).status).toBe(404);
    expect((await t.request('DELETE', `/detection-rules/${rule.id}`, { token: t.tokens.admin })).status).toBe(404);
    const kept = await t.request('GET', `/incidents/${incident.id}`, { token: t.tokens.viewer });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ rule_id: null, rule: null, log_count: 2 });
  });

  it('lets VIEWER and RESPONDER read rules but only ADMIN change them', async () => {
    const { body: rule } = await post({ name: 'Guarded', ...threshold });
    for (const role of ['viewer', 'responder'] as const) {
      const token = t.tokens[role];
      expect((await t.request('GET', '/detection-rules', { token })).status).toBe(200);
      expect((await t.request('GET', `/detection-rules/${rule.id}`, { token })).status).toBe(200);
      expect((await post({ name: `By ${role}`, ...threshold }, token)).status).toBe(403);
      expect((await t.request('PATCH', `/detection-rules/${rule.id}`, { token, body: { enabled: false } })).status).toBe(403);
      expect((await t.request('DELETE', `/detection-rules/${rule.id}`, { token })).status).toBe(403);
    }
    expect((await t.request('GET', '/detection-rules')).status).toBe(401);
    expect((await t.request('GET', `/detection-rules/${rule.id}`, { token: t.tokens.viewer })).body.enabled).toBe(true);
  });
});
