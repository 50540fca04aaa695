import { closeInstance, startInstance } from './support/app-instances';
import { eventually, ingestLogs, sleep, type TestLog } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

// A cap of 5 (default 10) keeps the numbers small; new services are not the subject here.
const CAP = 5;
const ENV = { DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE: String(CAP), INGEST_NEW_SERVICES_PER_KEY_PER_HOUR: '10000' };

const run = Math.random().toString(36).slice(2, 8);
const servicesNamed = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${run}-${String(i).padStart(3, '0')}`);
const burst = (serviceIds: string[], perService: number, extra: Partial<TestLog> = {}): TestLog[] =>
  serviceIds.flatMap((service_id) =>
    Array.from({ length: perService }, (_, i) => ({ service_id, message: `Upstream refused #${i}`, ...extra })),
  );

describe('incident storms: one rule opens at most DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE incidents a minute', () => {
  let t: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
    // A second instance evaluates the same rules: the cap must hold across both.
    b = await startInstance(t, ENV);
    const rules = await t.request('GET', '/detection-rules', { token: t.tokens.viewer });
    const anomaly = (rules.body as any[]).find((rule) => rule.name === 'Error Anomaly');
    await t.request('PATCH', `/detection-rules/${anomaly.id}`, { token: t.tokens.admin, body: { enabled: false } });
  });
  afterAll(async () => {
    if (b) await closeInstance(t, b);
    await t?.close();
  });

  const incidentsOfRule = async (ruleName: string) => {
    const { rows } = await t.pool.query(
      `SELECT i.id, i.title, i.description, i.service_id, i.fingerprint, i.status, i.log_count, i.rule_id, i.resolution
       FROM incidents i JOIN detection_rules r ON r.id = i.rule_id WHERE r.name = $1 ORDER BY i.created_at, i.id`,
      [ruleName],
    );
    return rows;
  };
  const stormServices = async (incidentId: string) =>
    (
      await t.pool.query(`SELECT service_id, log_count FROM incident_storm_services WHERE incident_id = $1 ORDER BY service_id`, [
        incidentId,
      ])
    ).rows;
  const openedEvents = async (ruleName: string) => {
    const { rows } = await t.pool.query(
      `SELECT o.incident_id FROM outbox_events o JOIN incidents i ON i.id = o.incident_id JOIN detection_rules r ON r.id = i.rule_id
       WHERE r.name = $1 AND o.type = 'incident.opened'`,
      [ruleName],
    );
    return rows.map((row) => row.incident_id);
  };

  it('900 ERROR logs over 150 services open 5 incidents and one storm incident that reports the other 145; only those 6 notify', async () => {
    const services = servicesNamed('storm', 150);
    await ingestLogs(t, burst(services, 6));

    const storm = await eventually(
      async () => {
        const found = (await incidentsOfRule('High Error Rate')).find((incident) => incident.service_id === null);
        return found && (await stormServices(found.id)).length === 145 && found;
      },
      8000,
      50,
    );
    await sleep(2500); // both instances run a few more times: nothing more may open
    const incidents = await incidentsOfRule('High Error Rate');
    expect(incidents).toHaveLength(CAP + 1);
    const individual = incidents.filter((incident) => incident.service_id !== null);
    expect(individual).toHaveLength(CAP);
    individual.forEach((incident) => expect(incident).toMatchObject({ status: 'OPEN', log_count: 6 }));

    expect(storm).toMatchObject({
      fingerprint: `rule:${storm.rule_id}:storm`,
      status: 'OPEN',
      title: expect.stringMatching(/High Error Rate: incident storm/),
      description: expect.stringMatching(/145 services.*no more than 5 incidents within a minute/s),
    });
    const [{ log_count: stormLogs }] = (await t.pool.query('SELECT log_count FROM incidents WHERE id = $1', [storm.id])).rows;
    expect(stormLogs).toBe(145 * 6);
    const grouped = await stormServices(storm.id);
    expect(new Set([...grouped.map((row) => row.service_id), ...individual.map((incident) => incident.service_id)])).toEqual(
      new Set(services),
    );
    grouped.forEach((row) => expect(row.log_count).toBe(6));

    const timeline = await t.request('GET', `/incidents/${storm.id}/timeline`, { token: t.tokens.viewer });
    expect(timeline.body.data[0]).toMatchObject({
      type: 'opened',
      actor: 'system:High Error Rate',
      after: { storm: { service_count: 145, limit_per_minute: CAP, opened_in_last_minute: CAP } },
    });
    const listed = timeline.body.data[0].after.storm.services;
    expect(listed).toHaveLength(20);
    expect(listed[0]).toEqual({ service_id: expect.any(String), count: 6 });

    // What channels are sent: 6 incident.opened events, not 150.
    expect((await openedEvents('High Error Rate')).sort()).toEqual(incidents.map((incident) => incident.id).sort());
  });

  it('attaches later crossings and later logs of its services to the storm within the minute, opening and notifying nothing more', async () => {
    const [storm] = (await incidentsOfRule('High Error Rate')).filter((incident) => incident.service_id === null);
    const before = await stormServices(storm.id);
    const latecomers = servicesNamed('late', 20);
    await ingestLogs(t, [...burst(latecomers, 6), ...burst([before[0].service_id], 4, { message: 'still failing' })]);

    await eventually(async () => (await stormServices(storm.id)).length === 165, 5000);
    const [{ log_count }] = (await t.pool.query('SELECT log_count FROM incidents WHERE id = $1', [storm.id])).rows;
    await eventually(
      async () => (await t.pool.query('SELECT log_count FROM incidents WHERE id = $1', [storm.id])).rows[0].log_count === 145 * 6 + 120 + 4,
      5000,
    );
    expect(log_count).toBeGreaterThanOrEqual(145 * 6 + 120);
    expect(await incidentsOfRule('High Error Rate')).toHaveLength(CAP + 1);
    expect(await openedEvents('High Error Rate')).toHaveLength(CAP + 1);

    const { rows } = await t.pool.query(`SELECT type, after FROM incident_events WHERE incident_id = $1 ORDER BY id`, [storm.id]);
    const grew = rows.find((row) => row.type === 'storm_grew');
    expect(grew.after).toMatchObject({ service_count: 165, added: expect.arrayContaining([latecomers[0]]) });
    const [{ description }] = (await t.pool.query('SELECT description FROM incidents WHERE id = $1', [storm.id])).rows;
    expect(description).toMatch(/165 services/);
  });

  it('resolves the storm by the normal auto-resolve, and its logs do not open anything again afterwards', async () => {
    // A rule of its own with a 2-second quiet period, on WARN logs (which the default rule ignores)
    // of its own message (the logs of the tests above do not count).
    const name = `Flaky fleet ${run}`;
    const created = await t.request('POST', '/detection-rules', {
      token: t.tokens.admin,
      body: {
        name,
        kind: 'THRESHOLD',
        level: 'WARN',
        message_pattern: 'fleet node lost',
        window_seconds: 60,
        threshold: 2,
        severity: 'LOW',
        auto_resolve_seconds: 2,
      },
    });
    expect(created.status).toBe(201);
    await ingestLogs(t, burst(servicesNamed('fleet', 20), 3, { level: 'WARN', message: 'fleet node lost' }));

    const storm = await eventually(async () => (await incidentsOfRule(name)).find((incident) => incident.service_id === null), 5000);
    expect(await stormServices(storm.id)).toHaveLength(15);
    const resolved = await eventually(async () => {
      const incidents = await incidentsOfRule(name);
      return incidents.length === CAP + 1 && incidents.every((incident) => incident.status === 'RESOLVED') && incidents;
    }, 10_000);
    expect(resolved.find((incident) => incident.id === storm.id).resolution).toBe('Auto-resolved: no matching log for 2 s');

    await sleep(2500); // the logs are still in the 60 s window: they must not open the problem again
    expect(await incidentsOfRule(name)).toHaveLength(CAP + 1);
  });
});
