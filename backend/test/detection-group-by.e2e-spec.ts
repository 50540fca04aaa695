import { eventually, ingestLogs, sleep, type TestLog } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const run = Math.random().toString(36).slice(2, 8);
// Small so that the test reaches it with a handful of hosts.
const MAX_GROUPS = 3;

describe('rules with group_by (real scheduler, real database)', () => {
  let t: TestApp;
  const serviceId = `web-${run}`;
  let rule: { id: string; name: string };

  const errorsFrom = (host: string | null, count: number): TestLog[] =>
    Array.from({ length: count }, (_, i) => ({
      service_id: serviceId,
      level: 'ERROR' as const,
      message: `upstream timeout #${i}`,
      ...(host === null ? { metadata: { route: '/pay' } } : { metadata: { host, route: '/pay' } }),
    }));
  const incidentsOfRule = async () => {
    const res = await t.request('GET', '/incidents?limit=100', { token: t.tokens.viewer });
    return (res.body.data as any[]).filter((incident) => incident.rule_id === rule.id);
  };
  const byTitle = (incidents: any[], suffix: string) => incidents.find((incident) => incident.title.endsWith(suffix));

  beforeAll(async () => {
    t = await startTestApp({ env: { DETECTION_MAX_GROUPS_PER_RULE: String(MAX_GROUPS) } });
    const rules = await t.request('GET', '/detection-rules', { token: t.tokens.viewer });
    for (const seeded of rules.body as any[]) {
      await t.request('PATCH', `/detection-rules/${seeded.id}`, { token: t.tokens.admin, body: { enabled: false } });
    }
    const created = await t.request('POST', '/detection-rules', {
      token: t.tokens.admin,
      body: {
        name: 'Upstream errors per host',
        kind: 'THRESHOLD',
        service_id: serviceId,
        window_seconds: 60,
        threshold: 1,
        severity: 'HIGH',
        group_by: 'host',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.group_by).toBe('host');
    rule = created.body;
  });
  afterAll(() => t?.close());

  it("opens one incident per host that crosses, with only that host's logs as evidence", async () => {
    await ingestLogs(t, [...errorsFrom('web-1', 2), ...errorsFrom('web-2', 3), ...errorsFrom('web-3', 1)]);
    const incidents = await eventually(async () => {
      const found = await incidentsOfRule();
      return found.length === 2 && found;
    }, 5000);
    await sleep(1500); // another tick: web-3 (1 log, threshold "more than 1") still opens nothing
    expect(await incidentsOfRule()).toHaveLength(2);
    const web1 = byTitle(incidents, `${serviceId} host=web-1`);
    const web2 = byTitle(incidents, `${serviceId} host=web-2`);
    expect(web1).toMatchObject({ log_count: 2, service_id: serviceId, fingerprint: `rule:${rule.id}:service:${serviceId}:group:web-1` });
    expect(web2).toMatchObject({ log_count: 3, fingerprint: `rule:${rule.id}:service:${serviceId}:group:web-2` });
    const evidence = await t.request('GET', `/incidents/${web2.id}/logs?limit=100`, { token: t.tokens.viewer });
    expect(evidence.body.data.map((log: any) => log.metadata.host)).toEqual(['web-2', 'web-2', 'web-2']);
    const timeline = await t.request('GET', `/incidents/${web1.id}/timeline`, { token: t.tokens.viewer });
    expect(timeline.body.data[0].after).toMatchObject({ count: 2, threshold: 1, group_by: 'host', group_value: 'web-1' });
  });

  it("attaches a host's later logs to its own incident only", async () => {
    await ingestLogs(t, errorsFrom('web-1', 2));
    await eventually(async () => byTitle(await incidentsOfRule(), 'host=web-1')?.log_count === 4, 5000);
    expect(byTitle(await incidentsOfRule(), 'host=web-2').log_count).toBe(3);
  });

  it('stops at the cap: the loudest host gets the last room, the rest one "more than N host values" incident', async () => {
    await ingestLogs(t, [...errorsFrom('web-4', 2), ...errorsFrom('web-5', 3), ...errorsFrom('web-6', 4)]);
    const incidents = await eventually(async () => {
      const found = await incidentsOfRule();
      return found.length === 4 && found;
    }, 5000);
    expect(byTitle(incidents, 'host=web-6')).toMatchObject({ log_count: 4 });
    const overflow = byTitle(incidents, `more than ${MAX_GROUPS} host values`);
    expect(overflow).toMatchObject({ service_id: null, fingerprint: `rule:${rule.id}:groups-over-cap`, log_count: 0 });
    expect(overflow.description).toContain(`${serviceId} host=web-5 (3 logs), ${serviceId} host=web-4 (2 logs)`);
    const timeline = await t.request('GET', `/incidents/${overflow.id}/timeline`, { token: t.tokens.viewer });
    expect(timeline.body.data[0].after).toMatchObject({ group_by: 'host', max_groups: MAX_GROUPS, open_groups: 2, groups_over_cap: 2 });

    // More hosts over the cap (and logs without the key, a group of their own) add no incident.
    await ingestLogs(t, [...errorsFrom('web-7', 5), ...errorsFrom(null, 5)]);
    await sleep(2500);
    expect(await incidentsOfRule()).toHaveLength(4);
  });

  it('opens a group again once the cap has room (an incident resolved)', async () => {
    const web1 = byTitle(await incidentsOfRule(), 'host=web-1');
    const resolved = await t.request('POST', `/incidents/${web1.id}/resolve`, {
      token: t.tokens.admin,
      body: { resolution: 'host replaced' },
    });
    expect(resolved.status).toBe(200);
    await ingestLogs(t, errorsFrom('web-8', 9));
    const web8 = await eventually(async () => byTitle(await incidentsOfRule(), 'host=web-8'), 5000);
    expect(web8.log_count).toBe(9);
  });
});

describe('rules with group_by under the per-minute incident cap', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE: '2' } });
  });
  afterAll(() => t?.close());

  it("opens the loudest groups up to the cap and groups the rest of the burst into the rule's storm", async () => {
    const serviceId = `api-${run}`;
    const created = await t.request('POST', '/detection-rules', {
      token: t.tokens.admin,
      body: {
        name: 'Route errors',
        kind: 'THRESHOLD',
        service_id: serviceId,
        window_seconds: 60,
        threshold: 0,
        severity: 'LOW',
        group_by: 'route',
      },
    });
    expect(created.status).toBe(201);
    const logs = ['/a', '/b', '/c', '/d', '/e'].flatMap((route, i) =>
      Array.from({ length: i + 1 }, () => ({ service_id: serviceId, level: 'ERROR' as const, metadata: { route } })),
    );
    await ingestLogs(t, logs);
    const incidents = await eventually(async () => {
      const res = await t.request('GET', '/incidents?limit=100', { token: t.tokens.viewer });
      const found = (res.body.data as any[]).filter((incident) => incident.rule_id === created.body.id);
      return found.length === 3 && found;
    }, 5000);
    const titles = incidents.map((incident) => incident.title).sort();
    expect(titles).toEqual([`Route errors: ${serviceId} route=/d`, `Route errors: ${serviceId} route=/e`, 'Route errors: incident storm']);
    await sleep(1500);
    const res = await t.request('GET', '/incidents?limit=100', { token: t.tokens.viewer });
    expect((res.body.data as any[]).filter((incident) => incident.rule_id === created.body.id)).toHaveLength(3);
  });
});
