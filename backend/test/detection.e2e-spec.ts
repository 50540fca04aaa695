import { EventEmitter2 } from '@nestjs/event-emitter';
import { jest } from '@jest/globals';
import { Clock } from '../src/common/clock';
import { DetectionScheduler } from '../src/detection/detection.scheduler';
import { RuleEvaluator } from '../src/detection/rule-evaluator';
import { LOGS_COMMITTED, type LogsCommittedEvent } from '../src/ingestion/logs-committed.event';
import { eventually, ingestLogs, insertLogs, logIdsOf, secondsAgo, sleep, type TestLog } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const run = Math.random().toString(36).slice(2, 8);
const service = (name: string) => `${name}-${run}`;
const errors = (serviceId: string, count: number, extra: Partial<TestLog> = {}): TestLog[] =>
  Array.from({ length: count }, (_, i) => ({
    service_id: serviceId,
    message: `Payment gateway timeout #${i}`,
    timestamp: secondsAgo(count - i),
    ...extra,
  }));

describe('detection engine (real scheduler, real database)', () => {
  let t: TestApp;

  const incidentsOf = async (serviceId: string, ruleName?: string) => {
    const res = await t.request('GET', `/incidents?service_id=${serviceId}&limit=100`, { token: t.tokens.viewer });
    expect(res.status).toBe(200);
    return (res.body.data as any[]).filter((incident) => ruleName === undefined || incident.rule?.name === ruleName);
  };
  const ruleByName = async (name: string) => {
    const res = await t.request('GET', '/detection-rules', { token: t.tokens.viewer });
    return (res.body as any[]).find((rule) => rule.name === name);
  };
  const setRuleEnabled = async (name: string, enabled: boolean) => {
    const rule = await ruleByName(name);
    const res = await t.request('PATCH', `/detection-rules/${rule.id}`, { token: t.tokens.admin, body: { enabled } });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp();
    // The anomaly rule has its own test below; the threshold cases must count one rule only.
    await setRuleEnabled('Error Anomaly', false);
  });
  afterAll(() => t?.close());

  describe('the default "High Error Rate" rule (more than 5 ERROR+ logs in 60 s per service)', () => {
    const payment = service('payment');
    let paymentIncidentId: string;

    it('opens exactly one HIGH incident, with the 6 ingested logs linked, within a second or two of the 201', async () => {
      await ingestLogs(t, errors(payment, 6));
      const answeredAt = Date.now();
      const [incident] = await eventually(
        async () => {
          const found = await incidentsOf(payment);
          return found.length > 0 && found;
        },
        2000,
        20,
      );
      const latencyMs = Date.now() - answeredAt;

      const found = await incidentsOf(payment);
      expect(found).toHaveLength(1);
      expect(incident).toMatchObject({
        title: `High Error Rate: ${payment}`,
        severity: 'HIGH',
        status: 'OPEN',
        service_id: payment,
        created_by: 'system:High Error Rate',
        rule: { name: 'High Error Rate' },
        log_count: 6,
        previous_incident_id: null,
      });
      expect(incident.fingerprint).toBe(`rule:${incident.rule_id}:service:${payment}`);
      paymentIncidentId = incident.id;

      const evidence = await t.request('GET', `/incidents/${incident.id}/logs?limit=100`, { token: t.tokens.viewer });
      expect(evidence.status).toBe(200);
      expect(evidence.body.meta.total).toBe(6);
      expect(evidence.body.data.map((log: any) => log.id)).toEqual(await logIdsOf(t.pool, payment));
      expect(evidence.body.data[0]).toMatchObject({ service_id: payment, level: 'ERROR', message: 'Payment gateway timeout #0' });
      console.log(`incident visible ${latencyMs} ms after the ingest 201`);
    });

    it('writes the opening to the timeline and to the outbox in the same transaction, with payload.id = the row id', async () => {
      const timeline = await t.request('GET', `/incidents/${paymentIncidentId}/timeline`, { token: t.tokens.viewer });
      expect(timeline.body.data[0]).toMatchObject({
        type: 'opened',
        actor: 'system:High Error Rate',
        after: { log_count: 6, count: 6, threshold: 5 },
      });
      const { rows } = await t.pool.query(`SELECT id, type, payload FROM outbox_events WHERE incident_id = $1`, [paymentIncidentId]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ type: 'incident.opened', payload: { id: rows[0].id, event: 'incident.opened' } });
      expect(rows[0].payload.incident).toMatchObject({ id: paymentIncidentId, severity: 'HIGH', log_count: 6, service_id: payment });
    });

    it('attaches 20 more errors to the same incident instead of opening another', async () => {
      await ingestLogs(t, errors(payment, 20, { message: 'Card processor refused connection' }));
      await eventually(async () => (await incidentsOf(payment))[0]?.log_count === 26, 4000);
      const found = await incidentsOf(payment);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ id: paymentIncidentId, log_count: 26 });
      expect(new Date(found[0].last_seen_at).getTime()).toBeGreaterThan(new Date(found[0].first_seen_at).getTime());
    });

    it('opens nothing for 5 errors, nor for warnings, however long it waits', async () => {
      const quiet = service('quiet');
      await ingestLogs(t, [...errors(quiet, 5), ...errors(quiet, 10, { level: 'WARN' })]);
      await sleep(2500); // two scheduler ticks and an immediate evaluation
      expect(await incidentsOf(quiet)).toEqual([]);
    });

    it('counts FATAL logs as well as ERROR', async () => {
      const fatal = service('fatal');
      await ingestLogs(t, [...errors(fatal, 3, { level: 'FATAL' }), ...errors(fatal, 3)]);
      const [incident] = await eventually(async () => {
        const found = await incidentsOf(fatal);
        return found.length > 0 && found;
      }, 4000);
      expect(incident).toMatchObject({ severity: 'HIGH', log_count: 6 });
    });

    it('opens one incident per service when two services cross at once', async () => {
      const [left, right] = [service('left'), service('right')];
      await ingestLogs(t, [...errors(left, 7), ...errors(right, 6)]);
      const [a, b] = await eventually(async () => {
        const both = [await incidentsOf(left), await incidentsOf(right)];
        return both.every((found) => found.length === 1) && both.map((found) => found[0]);
      }, 4000);
      expect(a).toMatchObject({ service_id: left, log_count: 7 });
      expect(b).toMatchObject({ service_id: right, log_count: 6 });
      expect(a.id).not.toBe(b.id);
    });

    it('ignores backfilled logs whose event time is outside the window', async () => {
      const old = service('backfill');
      await insertLogs(t.pool, errors(old, 50, { timestamp: secondsAgo(600) }));
      await sleep(2500);
      expect(await incidentsOf(old)).toEqual([]);
    });

    it('after a resolution, a new crossing opens a new incident that points to the previous one and ignores its logs', async () => {
      const flappy = service('flappy');
      await insertLogs(t.pool, errors(flappy, 6));
      const [first] = await eventually(async () => {
        const found = await incidentsOf(flappy);
        return found.length === 1 && found;
      }, 4000);
      const resolved = await t.request('POST', `/incidents/${first.id}/resolve`, {
        token: t.tokens.responder,
        body: { resolution: 'restarted' },
      });
      expect(resolved.status).toBe(200);

      await sleep(1500);
      expect(await incidentsOf(flappy)).toHaveLength(1); // the old logs alone open nothing
      await insertLogs(t.pool, errors(flappy, 6, { timestamp: new Date() }));
      const second = await eventually(async () => (await incidentsOf(flappy)).find((incident) => incident.status === 'OPEN'), 4000);
      expect(second).toMatchObject({ previous_incident_id: first.id, log_count: 6 });
    });
  });

  describe('rules created through the API', () => {
    it('takes effect at once: level, service, message pattern and severity of the new rule are honoured', async () => {
      const checkout = service('checkout');
      const created = await t.request('POST', '/detection-rules', {
        token: t.tokens.admin,
        body: {
          name: `Checkout timeouts ${run}`,
          kind: 'THRESHOLD',
          level: 'WARN',
          service_id: checkout,
          window_seconds: 30,
          threshold: 2,
          message_pattern: 'time(d)? ?out',
          severity: 'CRITICAL',
        },
      });
      expect(created.status).toBe(201);
      // Three WARN logs that do not match the pattern, then three that do.
      await insertLogs(t.pool, errors(checkout, 3, { level: 'WARN', message: 'Cart is empty' }));
      await sleep(1500);
      expect(await incidentsOf(checkout)).toEqual([]);
      await insertLogs(t.pool, errors(checkout, 3, { level: 'WARN', message: 'Upstream TIMED OUT after 30s' }));
      const [incident] = await eventually(async () => {
        const found = await incidentsOf(checkout);
        return found.length > 0 && found;
      }, 4000);
      expect(incident).toMatchObject({
        severity: 'CRITICAL',
        log_count: 3,
        rule: { id: created.body.id },
        created_by: `system:Checkout timeouts ${run}`,
      });
    });

    it('auto-resolves an incident after auto_resolve_seconds without a matching log, and does not reopen it', async () => {
      const flaky = service('flaky');
      const name = `Flaky worker ${run}`;
      const created = await t.request('POST', '/detection-rules', {
        token: t.tokens.admin,
        body: { name, kind: 'THRESHOLD', service_id: flaky, window_seconds: 60, threshold: 2, severity: 'LOW', auto_resolve_seconds: 2 },
      });
      expect(created.status).toBe(201);
      await insertLogs(t.pool, errors(flaky, 3));
      const opened = await eventually(async () => (await incidentsOf(flaky))[0], 4000);
      expect(opened.status).toBe('OPEN');

      const resolved = await eventually(async () => {
        const [incident] = await incidentsOf(flaky);
        return incident?.status === 'RESOLVED' && incident;
      }, 8000);
      expect(resolved.resolution).toBe('Auto-resolved: no matching log for 2 s');
      const timeline = await t.request('GET', `/incidents/${opened.id}/timeline`, { token: t.tokens.viewer });
      expect(timeline.body.data.at(-1)).toMatchObject({
        type: 'auto_resolved',
        actor: `system:${name}`,
        before: { status: 'OPEN' },
        after: { status: 'RESOLVED' },
      });
      const outbox = await t.pool.query(`SELECT type FROM outbox_events WHERE incident_id = $1 ORDER BY created_at`, [opened.id]);
      expect(outbox.rows.map((row) => row.type)).toEqual(['incident.opened', 'incident.resolved']);

      await sleep(2500); // the 3 logs are still in the 60 s window: they must not open the problem again
      expect(await incidentsOf(flaky)).toHaveLength(1);
    });
  });

  describe('the default "Error Anomaly" rule on a synthetic baseline', () => {
    const anomalyIncidents = (serviceId: string) => incidentsOf(serviceId, 'Error Anomaly');
    // Minute m of the baseline ends 60 s (the window) + m minutes ago.
    const inBaselineMinute = (minute: number, offsetSeconds: number) => secondsAgo(60 + minute * 60 + offsetSeconds);

    beforeAll(async () => {
      // 30 minutes of history, a service first seen two hours ago.
      const history: TestLog[] = [];
      const spiky = service('spiky');
      const noisy = service('noisy');
      for (let minute = 0; minute < 30; minute++) {
        for (let i = 0; i < minute % 3; i++) history.push({ service_id: spiky, timestamp: inBaselineMinute(minute, 10 + i * 15) });
        for (let i = 0; i < 20 + (minute % 2) * 10; i++) history.push({ service_id: noisy, timestamp: inBaselineMinute(minute, 5 + i) });
      }
      await insertLogs(t.pool, history);
      await t.pool.query(
        `INSERT INTO services (service_id, first_seen_at, last_seen_at) VALUES ($1, now() - interval '2 hours', now()),
           ($2, now() - interval '2 hours', now()), ($3, now() - interval '2 minutes', now())
         ON CONFLICT (service_id) DO UPDATE SET first_seen_at = EXCLUDED.first_seen_at`,
        [spiky, noisy, service('newborn')],
      );
    });
    afterAll(() => setRuleEnabled('Error Anomaly', false));

    it('opens a MEDIUM incident for a spike far above the baseline, and none for a normal or history-less service', async () => {
      const [spiky, noisy, newborn] = [service('spiky'), service('noisy'), service('newborn')];
      // spiky: ~1/min usual, 15 now. noisy: 20-30/min usual, 30 now. newborn: no history, 15 now.
      await insertLogs(t.pool, [...errors(spiky, 15), ...errors(noisy, 30), ...errors(newborn, 15)]);
      await setRuleEnabled('Error Anomaly', true);

      const [incident] = await eventually(async () => {
        const found = await anomalyIncidents(spiky);
        return found.length > 0 && found;
      }, 4000);
      expect(incident).toMatchObject({ severity: 'MEDIUM', log_count: 15, created_by: 'system:Error Anomaly' });
      expect(incident.description).toMatch(/z = \d+\.\d\d > 3/);
      const timeline = await t.request('GET', `/incidents/${incident.id}/timeline`, { token: t.tokens.viewer });
      expect(timeline.body.data[0].after).toMatchObject({ count: 15, baseline_minutes: 30, baseline_mean: 1, z_score: 3 });
      expect(timeline.body.data[0].after.z).toBeGreaterThan(3);

      await sleep(1500);
      expect(await anomalyIncidents(noisy)).toEqual([]);
      expect(await anomalyIncidents(newborn)).toEqual([]);
    });
  });
});

describe('detection with three app instances on one database', () => {
  let first: TestApp;
  let others: TestApp[] = [];

  beforeAll(async () => {
    first = await startTestApp();
    others = await Promise.all([1, 2].map(() => startTestApp({ databaseUrl: first.databaseUrl, seed: false })));
  });
  afterAll(async () => {
    await Promise.all(others.map((other) => other.close()));
    await first?.close();
  });

  it('opens exactly one incident per service, with each log linked once, when every instance evaluates the same bursts', async () => {
    const instances = [first, ...others];
    const services = Array.from({ length: 8 }, (_, i) => service(`cluster${i}`));
    // Each burst goes in through a different instance, and every instance is told at once.
    await Promise.all(services.map((serviceId, i) => ingestLogs({ ...instances[i % 3]!, apiKey: first.apiKey }, errors(serviceId, 6))));
    const event: LogsCommittedEvent = { count: 48, serviceIds: services, maxLevel: 'ERROR' };
    for (const instance of instances) instance.app.get(EventEmitter2).emit(LOGS_COMMITTED, event);

    await eventually(async () => {
      const { rows } = await first.pool.query(`SELECT count(*)::int AS n FROM incidents WHERE service_id = ANY($1)`, [services]);
      return rows[0].n === services.length;
    }, 5000);
    await sleep(2500); // let every instance run a few more times
    const { rows } = await first.pool.query(
      `SELECT service_id, count(*)::int AS incidents, sum(log_count)::int AS logs,
              (SELECT count(*)::int FROM incident_logs il JOIN incidents j ON j.id = il.incident_id WHERE j.service_id = i.service_id) AS links
       FROM incidents i WHERE service_id = ANY($1) GROUP BY service_id`,
      [services],
    );
    expect(rows).toHaveLength(services.length);
    for (const row of rows) expect(row).toMatchObject({ incidents: 1, logs: 6, links: 6 });
    const outbox = await first.pool.query(
      `SELECT count(*)::int AS n FROM outbox_events o JOIN incidents i ON i.id = o.incident_id WHERE i.service_id = ANY($1)`,
      [services],
    );
    expect(outbox.rows[0].n).toBe(services.length);
  });
});

describe('detection right after ingest commits', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A tick every 10 minutes: anything detected within the test comes from the LOGS_COMMITTED event.
    t = await startTestApp({ env: { DETECTION_INTERVAL_MS: '600000' } });
  });
  afterAll(() => t?.close());

  it('opens the incident within a second of the 201, without waiting for a scheduler tick', async () => {
    const burst = service('instant');
    const latencies: number[] = [];
    for (let round = 0; round < 5; round++) {
      const serviceId = `${burst}-${round}`;
      await ingestLogs(t, errors(serviceId, 6));
      const answeredAt = Date.now();
      await eventually(
        async () => {
          const { rows } = await t.pool.query(`SELECT 1 FROM incidents WHERE service_id = $1`, [serviceId]);
          return rows.length === 1;
        },
        3000,
        10,
      );
      latencies.push(Date.now() - answeredAt);
    }
    console.log(`ingest 201 -> incident committed, 5 rounds: ${latencies.join(', ')} ms`);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });

  it('summarises attached logs in the timeline at most once a minute, not once per log', async () => {
    const serviceId = service('summary');
    await ingestLogs(t, errors(serviceId, 6));
    const incident = await eventually(
      async () => (await t.pool.query(`SELECT id FROM incidents WHERE service_id = $1`, [serviceId])).rows[0],
      3000,
    );
    await ingestLogs(t, errors(serviceId, 4));
    await eventually(
      async () => (await t.pool.query(`SELECT log_count FROM incidents WHERE id = $1`, [incident.id])).rows[0].log_count === 10,
      3000,
    );
    const types = async () =>
      (await t.pool.query(`SELECT type FROM incident_events WHERE incident_id = $1 ORDER BY id`, [incident.id])).rows.map((r) => r.type);
    expect(await types()).toEqual(['opened']);

    // A minute later (moved clock), two more logs: one summary entry for everything since the opening.
    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    clock.now = () => new Date(realNow().getTime() + 61_000);
    try {
      await insertLogs(t.pool, errors(serviceId, 2, { timestamp: new Date(Date.now() + 60_000) }));
      await t.app.get(DetectionScheduler).requestRun();
    } finally {
      clock.now = realNow;
    }
    const { rows } = await t.pool.query(`SELECT type, actor, body, before, after FROM incident_events WHERE incident_id = $1 ORDER BY id`, [
      incident.id,
    ]);
    expect(rows.map((row) => row.type)).toEqual(['opened', 'logs_attached']);
    expect(rows[1]).toMatchObject({
      actor: 'system:High Error Rate',
      body: '6 more matching logs attached',
      before: { log_count: 6 },
      after: { log_count: 12 },
    });
    const outbox = await t.pool.query(`SELECT type FROM outbox_events WHERE incident_id = $1 ORDER BY created_at`, [incident.id]);
    expect(outbox.rows.map((row) => row.type)).toEqual(['incident.opened', 'incident.updated']);
  });

  it('does not evaluate for commits below every rule level', async () => {
    const evaluator = t.app.get(RuleEvaluator);
    const spy = jest.spyOn(evaluator, 'evaluate');
    try {
      await ingestLogs(t, errors(service('chatty'), 20, { level: 'INFO' }));
      await sleep(300);
      expect(spy).not.toHaveBeenCalled();
      await ingestLogs(t, errors(service('chatty'), 1, { level: 'ERROR' }));
      await eventually(async () => spy.mock.calls.length > 0, 2000);
    } finally {
      spy.mockRestore();
    }
  });
});
