import { eventually, ingestLogs, sleep } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const run = Math.random().toString(36).slice(2, 8);
const WINDOW_SECONDS = 3;

describe('ABSENCE rules (real scheduler, real database)', () => {
  let t: TestApp;

  const createRule = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/detection-rules', {
      token: t.tokens.admin,
      body: { kind: 'ABSENCE', level: 'INFO', window_seconds: WINDOW_SECONDS, severity: 'HIGH', ...body },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string };
  };
  const incidentsOfRule = async (ruleId: string) => {
    const res = await t.request('GET', '/incidents?limit=100', { token: t.tokens.viewer });
    return (res.body.data as any[]).filter((incident) => incident.rule_id === ruleId);
  };
  /** Sends one INFO log stamped now; returns that stamp (what the rule's window is measured from). */
  const heartbeat = async (serviceId: string): Promise<number> => {
    const timestamp = new Date();
    await ingestLogs(t, [{ service_id: serviceId, level: 'INFO', message: 'run finished', timestamp }]);
    return timestamp.getTime();
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  describe('for one service', () => {
    const serviceId = `billing-cron-${run}`;
    let rule: { id: string; name: string };
    let incidentId: string;

    it('opens nothing while the service keeps logging', async () => {
      await heartbeat(serviceId);
      rule = await createRule({ name: 'Billing cron silent', service_id: serviceId });
      // Two windows with a log every 500 ms: the service is known before the window and never quiet.
      for (let i = 0; i < 2 * WINDOW_SECONDS * 2; i += 1) {
        await heartbeat(serviceId);
        await sleep(500);
      }
      expect(await incidentsOfRule(rule.id)).toEqual([]);
    });

    it('opens one incident within the window + 1 s of the last log, and only one', async () => {
      const lastLogAt = await heartbeat(serviceId);
      const [incident] = await eventually(async () => {
        const found = await incidentsOfRule(rule.id);
        return found.length > 0 && found;
      }, 10_000);
      const openedAfterMs = new Date(incident.created_at).getTime() - lastLogAt;
      console.log(`ABSENCE incident opened ${openedAfterMs} ms after the last log (window ${WINDOW_SECONDS * 1000} ms)`);
      // Not before the window has passed; by then at most one scheduler tick (1 s) later. The
      // extra 500 ms covers the evaluation itself and timer lag on the shared, loaded test machine.
      expect(openedAfterMs).toBeGreaterThanOrEqual(WINDOW_SECONDS * 1000);
      expect(openedAfterMs).toBeLessThanOrEqual(WINDOW_SECONDS * 1000 + 1000 + 500);
      expect(incident).toMatchObject({
        title: `Billing cron silent: ${serviceId} went quiet`,
        status: 'OPEN',
        severity: 'HIGH',
        service_id: serviceId,
        fingerprint: `rule:${rule.id}:service:${serviceId}`,
      });
      incidentId = incident.id;

      await sleep(2500); // more ticks of the quiet service: still one incident
      expect(await incidentsOfRule(rule.id)).toHaveLength(1);
      const timeline = await t.request('GET', `/incidents/${incidentId}/timeline`, { token: t.tokens.viewer });
      expect(timeline.body.data[0]).toMatchObject({
        type: 'opened',
        actor: 'system:Billing cron silent',
        after: { count: 0, min_count: 1, window_seconds: WINDOW_SECONDS },
      });
      const { rows } = await t.pool.query(`SELECT type FROM outbox_events WHERE incident_id = $1`, [incidentId]);
      expect(rows.map((row) => row.type)).toEqual(['incident.opened']);
    });

    it('resolves it when logs come back, on the timeline and in the outbox', async () => {
      await heartbeat(serviceId);
      const resolved = await eventually(async () => {
        const res = await t.request('GET', `/incidents/${incidentId}`, { token: t.tokens.viewer });
        return res.body.status === 'RESOLVED' && res.body;
      }, 4000);
      expect(resolved.resolution).toMatch(/1 matching log\(s\) from .* within 3 s again/);
      const timeline = await t.request('GET', `/incidents/${incidentId}/timeline`, { token: t.tokens.viewer });
      expect(timeline.body.data.map((entry: any) => entry.type)).toEqual(['opened', 'auto_resolved']);
      const { rows } = await t.pool.query(`SELECT type FROM outbox_events WHERE incident_id = $1 ORDER BY created_at`, [incidentId]);
      expect(rows.map((row) => row.type)).toEqual(['incident.opened', 'incident.resolved']);
    });

    it('opens a new incident, linked to the resolved one, when the service goes quiet again', async () => {
      const next = await eventually(async () => (await incidentsOfRule(rule.id)).find((incident) => incident.status === 'OPEN'), 10_000);
      expect(next.previous_incident_id).toBe(incidentId);
      await t.request('PATCH', `/detection-rules/${rule.id}`, { token: t.tokens.admin, body: { enabled: false } });
    });
  });

  it('never fires for a service that never sent anything', async () => {
    const rule = await createRule({ name: 'Never seen', service_id: `ghost-${run}` });
    await sleep((WINDOW_SECONDS + 2) * 1000);
    expect(await incidentsOfRule(rule.id)).toEqual([]);
    await t.request('PATCH', `/detection-rules/${rule.id}`, { token: t.tokens.admin, body: { enabled: false } });
  });

  it('without a service, opens one "no logs from any service" incident when ingestion stops, and resolves it when logs return', async () => {
    await heartbeat(`some-service-${run}`);
    const rule = await createRule({ name: 'Ingestion stopped (test)', level: 'DEBUG', severity: 'CRITICAL' });
    const [incident] = await eventually(async () => {
      const found = await incidentsOfRule(rule.id);
      return found.length > 0 && found;
    }, 10_000);
    expect(incident).toMatchObject({
      title: 'Ingestion stopped (test): no logs from any service',
      service_id: null,
      severity: 'CRITICAL',
      fingerprint: `rule:${rule.id}:ingestion`,
    });
    await heartbeat(`another-service-${run}`);
    await eventually(
      async () => (await t.request('GET', `/incidents/${incident.id}`, { token: t.tokens.viewer })).body.status === 'RESOLVED',
      4000,
    );
  });
});
