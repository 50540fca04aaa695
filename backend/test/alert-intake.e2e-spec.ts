import { startTestApp, type TestApp } from './support/test-app';

/**
 * The three alert intakes with the payloads their tools document, and their refusals. The real
 * Alertmanager binary is exercised in alertmanager-intake.e2e-spec.ts; Grafana and PagerDuty
 * have no binary here, so their samples come from their own documentation (cited below).
 */
describe('Alert intake: Grafana, PagerDuty Events v2, and refusals', () => {
  let t: TestApp;
  let alertsKey: string;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    t = await startTestApp({ env: { ALERTS_MAX_PER_REQUEST: '5' } });
    alertsKey = (await t.request('POST', '/api-keys', { token: t.tokens.admin, body: { name: 'grafana', scopes: ['alerts'] } })).body.key;
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown, key = alertsKey) =>
    t.request('POST', path, { body, headers: { authorization: `Bearer ${key}` } });
  const countByFingerprint = async (fingerprint: string) =>
    (await t.pool.query('SELECT count(*)::int AS n FROM incidents WHERE fingerprint = $1', [fingerprint])).rows[0].n as number;
  const incident = async (fingerprint: string) =>
    (await t.pool.query('SELECT * FROM incidents WHERE fingerprint = $1 ORDER BY created_at DESC LIMIT 1', [fingerprint])).rows[0];

  const amAlert = (fingerprint: string, status = 'firing', labels: Record<string, string> = {}) => ({
    status,
    labels: { alertname: 'QueueBacklog', severity: 'warning', service: 'billing', ...labels },
    annotations: { summary: 'Backlog above 10k' },
    startsAt: '2026-11-27T10:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example/graph',
    fingerprint,
  });
  const notification = (alerts: unknown[]) => ({ version: '4', status: 'firing', receiver: 'r', groupLabels: {}, alerts });

  describe('Grafana webhook contact point', () => {
    // The body Grafana's docs show for the webhook notifier ("Configure the webhook notifier for
    // Alerting", grafana.com/docs/grafana/latest/alerting/.../integrations/webhook-notifier/),
    // with fingerprints made unique per run.
    const grafanaSample = (status: 'firing' | 'resolved') => ({
      receiver: 'My Super Webhook',
      status,
      orgId: 1,
      alerts: [
        {
          status,
          labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
          annotations: {
            description: 'The system has high memory usage',
            runbook_url: 'https://myrunbook.com/runbook/1234',
            summary: 'This alert was triggered for zone us-1',
          },
          startsAt: '2021-10-12T09:51:03.157076+02:00',
          endsAt: status === 'resolved' ? '2021-10-12T10:51:03.157076+02:00' : '0001-01-01T00:00:00Z',
          generatorURL: 'https://play.grafana.org/alerting/1afz29v7z/edit',
          fingerprint: `c6eadffa33fcdf37${run}`,
          silenceURL:
            'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
          dashboardURL: '',
          panelURL: '',
          values: { B: 44.23943737541908, C: 1 },
        },
      ],
      groupLabels: {},
      commonLabels: { team: 'blue' },
      commonAnnotations: {},
      externalURL: 'https://play.grafana.org/',
      version: '1',
      groupKey: '{}:{}',
      truncatedAlerts: 0,
      title: '[FIRING:1]  (blue)',
      state: 'alerting',
      message: '**Firing**',
    });

    it('opens an incident from the documented sample, keeps repeats in it, and resolves it', async () => {
      const fingerprint = `grafana:c6eadffa33fcdf37${run}`;
      const first = await post('/integrations/grafana', grafanaSample('firing'));
      expect(first.status).toBe(200);
      expect(first.body.alerts[0]).toMatchObject({ outcome: 'opened' });
      expect((await post('/integrations/grafana', grafanaSample('firing'))).body.alerts[0].outcome).toBe('already_open');
      expect(await countByFingerprint(fingerprint)).toBe(1);
      expect(await incident(fingerprint)).toMatchObject({
        title: 'High memory usage: This alert was triggered for zone us-1',
        description: 'The system has high memory usage',
        severity: 'MEDIUM', // no severity label: the documented default
        source: 'grafana',
        status: 'OPEN',
      });
      expect((await post('/integrations/grafana', grafanaSample('resolved'))).body.alerts[0].outcome).toBe('resolved');
      expect((await incident(fingerprint)).status).toBe('RESOLVED');
    });
  });

  describe('Alertmanager-shaped notifications', () => {
    it('applies a grouped notification all or nothing: one invalid alert stores none, naming the alert and field', async () => {
      const good = amAlert(`good${run}`);
      const res = await post('/integrations/alertmanager', notification([good, { ...amAlert(`bad${run}`), status: 'exploded' }]));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/alerts\[1\]\.status/);
      expect(res.body.details).toEqual([{ index: 1, field: 'status', message: 'must be "firing" or "resolved"' }]);
      expect(await countByFingerprint(`alertmanager:good${run}`)).toBe(0);
    });

    it('rolls back the whole notification when the database refuses one alert after others were applied', async () => {
      // PostgreSQL cannot store U+0000 in text: the second alert fails on INSERT, after the first one's incident was written.
      const poisoned = { ...amAlert(`nul${run}`), annotations: { summary: 'bad \u0000 byte' } };
      const res = await post('/integrations/alertmanager', notification([amAlert(`before${run}`), poisoned]));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/cannot be stored/);
      expect(await countByFingerprint(`alertmanager:before${run}`)).toBe(0);
    });

    it('lets a key bound to a service raise alerts for that service only, filling it in where no label names one', async () => {
      const bound = (
        await t.request('POST', '/api-keys', {
          token: t.tokens.admin,
          body: { name: 'billing alerts', scopes: ['alerts'], service_id: 'billing' },
        })
      ).body.key;
      const res = await post(
        '/integrations/alertmanager',
        notification([amAlert(`mine${run}`), amAlert(`theirs${run}`, 'firing', { service: 'checkout' })]),
        bound,
      );
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/bound to service "billing" and may not raise alerts for service "checkout"/);
      expect(await countByFingerprint(`alertmanager:mine${run}`)).toBe(0);

      const unlabelled = amAlert(`nolabel${run}`);
      delete (unlabelled.labels as Record<string, string>).service;
      expect((await post('/integrations/alertmanager', notification([unlabelled]), bound)).status).toBe(200);
      expect((await incident(`alertmanager:nolabel${run}`)).service_id).toBe('billing');
    });

    it('refuses bodies that are not notifications, and more alerts than ALERTS_MAX_PER_REQUEST', async () => {
      for (const body of [
        [1, 2],
        { alerts: 'x' },
        { alerts: [{ status: 'firing' }] },
        { alerts: [{ status: 'firing', labels: { a: 1 } }] },
      ]) {
        const res = await post('/integrations/alertmanager', body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
      const many = Array.from({ length: 6 }, (_, i) => amAlert(`many${i}${run}`));
      const res = await post('/integrations/alertmanager', notification(many));
      expect(res.status).toBe(413);
      expect(res.body.message).toMatch(/at most 5 \(ALERTS_MAX_PER_REQUEST\)/);
      expect(await countByFingerprint(`alertmanager:many0${run}`)).toBe(0);
    });

    it('maps severity words as documented', async () => {
      const words = { critical: 'CRITICAL', error: 'HIGH', warning: 'MEDIUM', info: 'LOW' } as const;
      const alerts = Object.keys(words).map((word) => amAlert(`sev${word}${run}`, 'firing', { severity: word }));
      expect((await post('/integrations/alertmanager', notification(alerts))).status).toBe(200);
      for (const [word, severity] of Object.entries(words))
        expect((await incident(`alertmanager:sev${word}${run}`)).severity).toBe(severity);
    });
  });

  describe('API keys on the alert intakes', () => {
    it('needs a key (401), with the alerts scope (403 naming it); an ingest-only key stores nothing', async () => {
      const body = notification([amAlert(`scoped${run}`)]);
      expect((await t.request('POST', '/integrations/alertmanager', { body })).status).toBe(401);
      const res = await post('/integrations/alertmanager', body, t.apiKey);
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/lacks the scope "alerts"/);
      expect(await countByFingerprint(`alertmanager:scoped${run}`)).toBe(0);
    });
  });

  describe('PagerDuty Events API v2', () => {
    // Request and answer shapes from PagerDuty's Events API v2 docs ("Send an Alert Event",
    // github.com/PagerDuty/developer-docs docs/events-API-v2/02-Trigger-Events.md; answers:
    // 202 {status: "success", message: "Event processed", dedup_key}, 400 {status, message, errors}).
    const trigger = (dedupKey?: string) => ({
      payload: {
        summary: 'Example alert on host1.example.com',
        timestamp: '2015-07-17T08:42:58.315+0000',
        source: 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003',
        severity: 'info',
        component: 'postgres',
        group: 'prod-datapipe',
        class: 'deploy',
        custom_details: { 'ping time': '1500ms', 'load avg': 0.75, service: 'datapipe' },
      },
      routing_key: alertsKey,
      ...(dedupKey ? { dedup_key: dedupKey } : {}),
      event_action: 'trigger',
      client: 'Sample Monitoring Service',
      client_url: 'https://monitoring.example.com',
    });
    const pd = (body: unknown) => t.request('POST', '/integrations/pagerduty/v2/enqueue', { body });

    it('triggers, acknowledges and resolves with the key as routing_key, answered like PagerDuty', async () => {
      const dedupKey = `srv01/HTTP/${run}`;
      const res = await pd(trigger(dedupKey));
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: dedupKey });
      expect(await incident(`pagerduty:${dedupKey}`)).toMatchObject({
        title: 'Example alert on host1.example.com',
        severity: 'LOW',
        service_id: 'datapipe',
        source: 'pagerduty',
        status: 'OPEN',
      });
      expect((await pd({ routing_key: alertsKey, dedup_key: dedupKey, event_action: 'acknowledge' })).status).toBe(202);
      expect((await incident(`pagerduty:${dedupKey}`)).status).toBe('ACKNOWLEDGED');
      expect((await pd({ routing_key: alertsKey, dedup_key: dedupKey, event_action: 'resolve' })).status).toBe(202);
      expect((await incident(`pagerduty:${dedupKey}`)).status).toBe('RESOLVED');
      // PagerDuty drops a resolve with no open alert; so do we, still 202.
      expect((await pd({ routing_key: alertsKey, dedup_key: dedupKey, event_action: 'resolve' })).status).toBe(202);
    });

    it('gives a trigger without dedup_key a new one, returned', async () => {
      const res = await pd(trigger());
      expect(res.status).toBe(202);
      expect(await countByFingerprint(`pagerduty:${res.body.dedup_key}`)).toBe(1);
    });

    it("refuses an invalid event with PagerDuty's 400 shape naming the fields, storing nothing", async () => {
      const event = trigger(`invalid${run}`);
      const res = await pd({ ...event, payload: { ...event.payload, summary: '', severity: 'disaster' } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["'payload.summary' is required", "'payload.severity' must be one of critical, error, warning, info"],
      });
      expect(await countByFingerprint(`pagerduty:invalid${run}`)).toBe(0);
      expect((await pd({ routing_key: alertsKey, event_action: 'resolve' })).body.errors).toEqual(["'dedup_key' is required for resolve"]);
    });

    it('refuses an unknown routing_key with 401', async () => {
      const res = await pd({ ...trigger(`nokey${run}`), routing_key: 'ilm_' + 'A'.repeat(43) });
      expect(res.status).toBe(401);
      expect(await countByFingerprint(`pagerduty:nokey${run}`)).toBe(0);
    });
  });
});
