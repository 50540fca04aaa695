import { closeInstance, startInstance } from './support/app-instances';
import { eventually, ingestLogs, sleep, type TestLog } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const run = Math.random().toString(36).slice(2, 8);
const service = `checkout-${run}`;
// Long enough to send the learning logs and see them learnt on the loaded test machine; short
// enough to keep the test quick.
const LEARNING_SECONDS = 4;
// Instances that evaluate rules: a fast tick so the test does not wait on the default 1 s.
const TICKING = { DETECTION_INTERVAL_MS: '200' };

describe('NEW_PATTERN rules (real scheduler, real database, restarts)', () => {
  // `main` owns the database and serves the API but never evaluates on its own (one tick an
  // hour): the instances started on its database play the server that is restarted.
  let main: TestApp;
  let instance: TestApp;
  let ruleId: string;

  const send = (t: TestApp, messages: string[]) =>
    ingestLogs(
      { ...t, apiKey: main.apiKey },
      messages.map((message): TestLog => ({ service_id: service, level: 'ERROR', message })),
    );
  const incidentsOfRule = async () => {
    const res = await main.request('GET', '/incidents?limit=100', { token: main.tokens.viewer });
    return (res.body.data as any[]).filter((incident) => incident.rule_id === ruleId);
  };
  const knownTemplates = async () =>
    (await main.pool.query(`SELECT template, during_learning FROM known_templates WHERE rule_id = $1 ORDER BY template`, [ruleId])).rows;
  const incidentNamed = (template: string) =>
    eventually(async () => (await incidentsOfRule()).find((incident) => incident.title.endsWith(template)), 10_000);

  beforeAll(async () => {
    main = await startTestApp({ env: { DETECTION_INTERVAL_MS: '3600000' } });
    instance = await startInstance(main, TICKING);
  });
  afterAll(async () => {
    if (instance) await closeInstance(main, instance);
    await main?.close();
  });

  describe('validation', () => {
    const post = (body: Record<string, unknown>) =>
      main.request('POST', '/detection-rules', {
        token: main.tokens.admin,
        body: { name: `np-${Math.random()}`, kind: 'NEW_PATTERN', severity: 'LOW', enabled: false, ...body },
      });

    it('needs no window_seconds and defaults learning_seconds to a day', async () => {
      const res = await post({});
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'NEW_PATTERN', learning_seconds: 86_400, window_seconds: 60, threshold: null });
    });

    it.each([
      [{ learning_seconds: -1 }, 'learning_seconds'],
      [{ learning_seconds: 'soon' }, 'learning_seconds'],
      [{ threshold: 5 }, 'threshold'],
      [{ group_by: 'host' }, 'group_by'],
      [{ kind: 'THRESHOLD', window_seconds: 60, threshold: 5, learning_seconds: 60 }, 'learning_seconds'],
    ])('refuses %j with 400 naming %s', async (body, field) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.details)).toContain(field);
      expect(res.body.message).toContain(field);
    });
  });

  it('learns silently during the learning period', async () => {
    const created = await instance.request('POST', '/detection-rules', {
      token: main.tokens.admin,
      body: {
        name: `New checkout errors ${run}`,
        kind: 'NEW_PATTERN',
        service_id: service,
        learning_seconds: LEARNING_SECONDS,
        severity: 'MEDIUM',
      },
    });
    expect(created.status).toBe(201);
    ruleId = created.body.id;
    // The first evaluation (right after the rule changed) places the cursor and starts learning.
    await eventually(async () => (await main.pool.query(`SELECT 1 FROM new_pattern_cursors WHERE rule_id = $1`, [ruleId])).rowCount);

    await send(instance, ['payment 17 declined by bank', 'payment 18 declined by bank', 'cache shard 3 unreachable']);
    await eventually(async () => (await knownTemplates()).length === 2);
    expect(await knownTemplates()).toEqual([
      { template: 'cache shard <NUM> unreachable', during_learning: true },
      { template: 'payment <NUM> declined by bank', during_learning: true },
    ]);
    expect(await incidentsOfRule()).toEqual([]);
  });

  it('after it, opens one incident for a new template (not for known ones), with its logs as evidence', async () => {
    const { rows } = await main.pool.query(`SELECT learning_until FROM new_pattern_cursors WHERE rule_id = $1`, [ruleId]);
    await sleep(Math.max(0, new Date(rows[0].learning_until).getTime() - Date.now()) + 200);

    await send(instance, ['payment 99 declined by bank', 'refund 5 failed: card expired', 'refund 6 failed: card expired']);
    const incident = await incidentNamed('refund <NUM> failed: card expired');
    expect(incident).toMatchObject({
      title: `New checkout errors ${run}: new pattern in ${service}: refund <NUM> failed: card expired`,
      status: 'OPEN',
      severity: 'MEDIUM',
      service_id: service,
    });
    await sleep(1000); // five more ticks: still one incident, none for the learnt template
    expect(await incidentsOfRule()).toHaveLength(1);

    const logs = await main.request('GET', `/logs?incident_id=${incident.id}`, { token: main.tokens.viewer });
    expect((logs.body.data as any[]).map((log) => log.message).sort()).toEqual([
      'refund 5 failed: card expired',
      'refund 6 failed: card expired',
    ]);
    const timeline = await main.request('GET', `/incidents/${incident.id}/timeline`, { token: main.tokens.viewer });
    expect(timeline.body.data[0]).toMatchObject({ type: 'opened', after: { template: 'refund <NUM> failed: card expired', count: 2 } });
    expect(await knownTemplates()).toContainEqual({ template: 'refund <NUM> failed: card expired', during_learning: false });
  });

  it('after a restart, known templates stay known; two instances report a new one once', async () => {
    await closeInstance(main, instance);
    instance = await startInstance(main, TICKING);
    const second = await startInstance(main, TICKING);
    try {
      await send(instance, ['refund 7 failed: card expired', 'payment 3 declined by bank', 'cache shard 9 unreachable']);
      await send(instance, ['inventory 12 reservation lost']);
      await incidentNamed('inventory <NUM> reservation lost');
      await sleep(1000); // more ticks of both instances
      const titles = (await incidentsOfRule()).map((incident) => incident.title.split(': ').slice(2).join(': ')).sort();
      expect(titles).toEqual(['inventory <NUM> reservation lost', 'refund <NUM> failed: card expired']);
    } finally {
      await closeInstance(main, second);
      // `instance` must be the last strategy registered for the next requests through it.
      await closeInstance(main, instance);
      instance = await startInstance(main, TICKING);
    }
  });
});
