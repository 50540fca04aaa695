import { RealAlertmanager } from './support/alertmanager';
import { eventually } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

interface IncidentRow {
  id: string;
  title: string;
  severity: string;
  status: string;
  service_id: string | null;
  source: string;
  fingerprint: string;
  previous_incident_id: string | null;
}

// Alertmanager notifies group_wait (1 s) after a push and again group_interval (1 s) after a
// change; 30 s covers that many times over on a loaded machine.
const NOTIFIED_WITHIN_MS = 30_000;

/**
 * The real client: Debian's prometheus-alertmanager, configured as the README says (webhook
 * receiver, API key as bearer credentials), receives alerts the way Prometheus sends them and
 * notifies this app. Where the binary is missing the test fails, saying so.
 */
describe('Alert intake from a real Prometheus Alertmanager', () => {
  let t: TestApp;
  let alertmanager: RealAlertmanager;
  const run = `run${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await startTestApp();
    const key = await t.request('POST', '/api-keys', { token: t.tokens.admin, body: { name: 'prometheus', scopes: ['alerts'] } });
    alertmanager = await RealAlertmanager.start(`${t.baseUrl}/integrations/alertmanager`, key.body.key);
  }, 60_000);
  afterAll(async () => {
    await alertmanager?.stop();
    await t?.close();
  });

  const incidentsOf = async (alertname: string) =>
    (
      await t.pool.query<IncidentRow>(
        `SELECT i.id, i.title, i.severity, i.status, i.service_id, i.source, i.fingerprint, i.previous_incident_id
         FROM incidents i JOIN external_alerts a ON a.incident_id = i.id
         WHERE a.labels->>'alertname' = $1 ORDER BY i.created_at`,
        [alertname],
      )
    ).rows;

  const alert = (alertname: string, extra: Record<string, string> = {}) => ({
    labels: { alertname, severity: 'critical', service: 'checkout', instance: 'web-1', ...extra },
    annotations: { summary: 'Checkout error rate above 5%', description: '7.2% of requests failed' },
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
  });

  it('opens one incident per alert of a grouped notification, from Alertmanager itself', async () => {
    const name = `${run}_HighErrorRate`;
    await alertmanager.push([alert(name), alert(name, { instance: 'web-2', severity: 'warning' })]);
    const incidents = await eventually(async () => {
      const rows = await incidentsOf(name);
      return rows.length === 2 && rows;
    }, NOTIFIED_WITHIN_MS).catch((error: Error) => {
      throw new Error(`${error.message}\nAlertmanager log:\n${alertmanager.log}`);
    });
    expect(incidents.map((i) => i.severity).sort()).toEqual(['CRITICAL', 'MEDIUM']);
    for (const incident of incidents) {
      expect(incident).toMatchObject({
        title: `${name}: Checkout error rate above 5%`,
        status: 'OPEN',
        service_id: 'checkout',
        source: 'alertmanager',
      });
      expect(incident.fingerprint).toMatch(/^alertmanager:[0-9a-f]{16}$/);
    }
    const detail = await t.request('GET', `/incidents/${incidents[0]!.id}`, { token: t.tokens.viewer });
    expect(detail.body).toMatchObject({ source: 'alertmanager', created_by: 'alertmanager:prometheus' });
    const timeline = await t.request('GET', `/incidents/${incidents[0]!.id}/timeline`, { token: t.tokens.viewer });
    expect(timeline.body.data[0]).toMatchObject({
      type: 'opened',
      after: { labels: { alertname: name, service: 'checkout' }, generator_url: 'http://prometheus.example:9090/graph?g0.expr=up' },
    });
    // Through the same outbox as detection: notifications and live updates see it.
    const events = await t.pool.query(`SELECT payload FROM outbox_events WHERE payload->'incident'->>'id' = $1`, [incidents[0]!.id]);
    expect(events.rows.map((r: { payload: { event: string } }) => r.payload.event)).toContain('incident.opened');
  }, 60_000);

  it('resolves the incident when the alert resolves, and opens a new linked one when it fires again', async () => {
    const name = `${run}_DiskFull`;
    await alertmanager.push([alert(name)]);
    const [first] = await eventually(async () => {
      const rows = await incidentsOf(name);
      return rows.length === 1 && rows;
    }, NOTIFIED_WITHIN_MS);

    await alertmanager.push([{ ...alert(name), endsAt: new Date(Date.now() - 60_000).toISOString() }]);
    await eventually(async () => (await incidentsOf(name))[0]?.status === 'RESOLVED', NOTIFIED_WITHIN_MS).catch((error: Error) => {
      throw new Error(`${error.message}\nAlertmanager log:\n${alertmanager.log}`);
    });
    const timeline = await t.request('GET', `/incidents/${first!.id}/timeline`, { token: t.tokens.viewer });
    expect(timeline.body.data.at(-1)).toMatchObject({
      type: 'resolved',
      actor: 'alertmanager:prometheus',
      body: expect.stringMatching(/Resolved by alertmanager \(API key "prometheus"\)/),
    });

    await alertmanager.push([{ ...alert(name), startsAt: new Date().toISOString() }]);
    const rows = await eventually(async () => {
      const all = await incidentsOf(name);
      return all.length === 2 && all;
    }, NOTIFIED_WITHIN_MS);
    expect(rows[1]).toMatchObject({ status: 'OPEN', previous_incident_id: first!.id, fingerprint: first!.fingerprint });
  }, 90_000);
});
