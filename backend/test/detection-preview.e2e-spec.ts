import { Clock } from '../src/common/clock';
import { DetectionScheduler } from '../src/detection/detection.scheduler';
import { MAX_PREVIEW_LOGS } from '../src/detection/rule-preview.service';
import { LogCountCompactionService } from '../src/logs/log-count-compaction.service';
import { insertLogs, type TestLog } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const MIN = 60_000;
// The simulated scheduler ticks every 10 s of event time (the real one ticks every
// DETECTION_INTERVAL_MS and on every ingest): the live engine's own instants are exact to that.
const TICK_MS = 10_000;
const SIMULATED_MINUTES = 30;
const run = Math.random().toString(36).slice(2, 8);

describe('POST /detection-rules/preview against the live engine (real scheduler, real database)', () => {
  let t: TestApp;
  let realNow: () => Date;
  let clock: Clock;
  // Whole minutes, two hours back: the history is in today's partition and before the real now.
  const base = Math.floor((Date.now() - 2 * 60 * MIN) / MIN) * MIN;
  const serviceId = `preview-${run}`;
  const at = (minute: number, second: number) => new Date(base + minute * MIN + second * 1000);

  /** `perMinute` logs in each of `minutes` minutes from `fromMinute`, spread over the minute. */
  const burst = (fromMinute: number, minutes: number, perMinute: number, message = 'Payment gateway timeout'): TestLog[] =>
    Array.from({ length: minutes * perMinute }, (_, i) => ({
      service_id: serviceId,
      level: 'ERROR' as const,
      message,
      timestamp: at(fromMinute + Math.floor(i / perMinute), 5 + ((i % perMinute) * 50) / perMinute),
    }));

  const createRule = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/detection-rules', { token: t.tokens.admin, body });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const liveIncidents = async (ruleId: string) =>
    (
      await t.pool.query<{ created_at: Date; resolved_at: Date | null }>(
        'SELECT created_at, resolved_at FROM incidents WHERE rule_id = $1 ORDER BY created_at',
        [ruleId],
      )
    ).rows.map((row) => ({ opened_at: row.created_at.getTime(), resolved_at: row.resolved_at?.getTime() ?? null }));
  const preview = (body: Record<string, unknown>, token = t.tokens.admin) => t.request('POST', '/detection-rules/preview', { token, body });

  /** Same number of incidents, each instant within the preview's granularity plus one live tick. */
  const expectAgreement = (live: { opened_at: number; resolved_at: number | null }[], previewed: any, tolerance: number) => {
    const replayed = (previewed.incidents as any[]).map((incident) => ({
      opened_at: Date.parse(incident.opened_at),
      resolved_at: incident.resolved_at === null ? null : Date.parse(incident.resolved_at),
    }));
    const gaps = live.flatMap((incident, i) => [
      (replayed[i]?.opened_at ?? NaN) - incident.opened_at,
      incident.resolved_at === null ? 0 : (replayed[i]?.resolved_at ?? NaN) - incident.resolved_at,
    ]);
    console.log(`preview (${previewed.source}) minus live, ms: ${gaps.join(', ')}`);
    expect(replayed).toHaveLength(live.length);
    live.forEach((incident, i) => {
      expect(Math.abs(replayed[i]!.opened_at - incident.opened_at)).toBeLessThanOrEqual(tolerance);
      if (incident.resolved_at === null) expect(replayed[i]!.resolved_at).toBeNull();
      else expect(Math.abs(replayed[i]!.resolved_at! - incident.resolved_at)).toBeLessThanOrEqual(tolerance);
    });
  };

  const rules: Record<string, { id: string; body: Record<string, unknown> }> = {};

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    realNow = clock.now.bind(clock);
    let simulated = base;
    clock.now = () => new Date(simulated);

    const thresholdRule = {
      kind: 'THRESHOLD',
      severity: 'HIGH',
      level: 'ERROR',
      service_id: serviceId,
      window_seconds: 120,
      threshold: 5,
      auto_resolve_seconds: 180,
    };
    // message_pattern: the per-minute counts cannot answer, the preview reads the logs.
    const patternRule = { ...thresholdRule, message_pattern: 'refused', threshold: 3 };
    const absenceRule = { kind: 'ABSENCE', severity: 'HIGH', level: 'INFO', service_id: serviceId, window_seconds: 180 };
    // Without a service: ingestion as a whole, which the preview reads from the all-services totals.
    const ingestionRule = { ...absenceRule, service_id: null };
    const all = { threshold: thresholdRule, pattern: patternRule, absence: absenceRule, ingestion: ingestionRule };
    for (const [name, body] of Object.entries(all)) {
      rules[name] = { id: (await createRule({ name: `${name} ${run}`, ...body })).id, body };
    }
    // The ingest writer records services; these logs bypass it, so the service is recorded by hand.
    await t.pool.query('INSERT INTO services (service_id, first_seen_at, last_seen_at) VALUES ($1, $2, $2)', [serviceId, at(0, 0)]);
    await insertLogs(t.pool, [
      ...burst(0, 4, 1), // a trickle: the service is known, too few for the threshold
      ...burst(5, 3, 4), // 4 a minute: more than 5 in 120 s after a minute and a half
      ...burst(8, 2, 2, 'Connection refused'), // the pattern rule: 4 "refused" in 120 s
    ]);
    // The preview reads compacted counts (all-services totals) and pending deltas: some of each,
    // unless the app's own compaction job folds the later burst first.
    await t.app.get(LogCountCompactionService).compact();
    // 10..19 quiet: the ABSENCE rule opens, the threshold incident resolves after 180 s.
    // Then loud again: a new threshold incident (and the ABSENCE one resolves).
    await insertLogs(t.pool, burst(20, 3, 6));
    for (simulated = base + TICK_MS; simulated <= base + SIMULATED_MINUTES * MIN; simulated += TICK_MS) {
      await t.app.get(DetectionScheduler).requestRun();
    }
    simulated = base + SIMULATED_MINUTES * MIN;
  }, 120_000);
  afterAll(async () => {
    if (clock) clock.now = realNow;
    await t?.close();
  });

  const range = { from: new Date(base).toISOString(), to: new Date(base + SIMULATED_MINUTES * MIN).toISOString() };

  it('agrees with what the live engine opened and resolved for a THRESHOLD rule, from the per-minute counts', async () => {
    const live = await liveIncidents(rules.threshold!.id);
    expect(live).toHaveLength(2);
    const res = await preview({ rule: rules.threshold!.body, ...range });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'minute_counts', granularity_seconds: 60, truncated: false });
    expect(res.body.incidents[0]).toMatchObject({ service_id: serviceId, peak_count: expect.any(Number) });
    expectAgreement(live, res.body, MIN + TICK_MS);
  });

  it('agrees with the live engine for a rule with a message pattern, from the logs, to the evaluation interval', async () => {
    const live = await liveIncidents(rules.pattern!.id);
    expect(live).toHaveLength(1);
    const res = await preview({ rule: rules.pattern!.body, ...range });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'logs', granularity_seconds: t.config.detection.intervalMs / 1000 });
    expectAgreement(live, res.body, TICK_MS + t.config.detection.intervalMs);
  });

  it('agrees with the live engine for an ABSENCE rule', async () => {
    const live = await liveIncidents(rules.absence!.id);
    expect(live.length).toBeGreaterThanOrEqual(1);
    const res = await preview({ rule: rules.absence!.body, ...range });
    expect(res.status).toBe(200);
    expectAgreement(live, res.body, MIN + TICK_MS);
  });

  it('agrees with the live engine for an ABSENCE rule over every service together (ingestion as a whole)', async () => {
    const live = await liveIncidents(rules.ingestion!.id);
    expect(live.length).toBeGreaterThanOrEqual(1);
    const res = await preview({ rule: rules.ingestion!.body, ...range });
    expect(res.status).toBe(200);
    expect(res.body.incidents[0]).toMatchObject({ service_id: null });
    expectAgreement(live, res.body, MIN + TICK_MS);
  });

  it('refuses bad bodies with a 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...range }, 'rule'],
      [{ rule: { kind: 'THRESHOLD', window_seconds: 60, severity: 'HIGH' }, ...range }, 'rule.threshold'],
      [{ rule: { kind: 'SOMETHING', window_seconds: 60, severity: 'HIGH' } }, 'rule.kind'],
      [{ rule: { kind: 'ANOMALY', window_seconds: 60, baseline_minutes: 30, z_score: 3, min_count: 5, severity: 'HIGH' } }, 'rule.kind'],
      [{ rule: { ...rules.threshold!.body, message_pattern: '(' }, ...range }, 'rule.message_pattern'],
      [{ rule: rules.threshold!.body, from: '2026-11-01T00:00:00Z', to: '2026-11-20T00:00:00Z' }, 'from'],
      [{ rule: rules.threshold!.body, from: range.to, to: range.from }, 'from'],
      [{ rule: rules.threshold!.body, from: 'yesterday' }, 'from'],
    ];
    for (const [body, field] of cases) {
      const res = await preview(body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
  });

  it('refuses, naming from, a range holding more matching logs than a preview reads (rules read from logs)', async () => {
    // Last in the file: these logs would change what the other cases compare.
    const loud = `loud-${run}`;
    await t.pool.query(
      `INSERT INTO logs ("timestamp", service_id, level, message)
       SELECT $1::timestamptz + (i % 600) * interval '1 second', $2, 'ERROR', 'Connection refused'
       FROM generate_series(1, $3::int) AS i`,
      [at(SIMULATED_MINUTES - 12, 0), loud, MAX_PREVIEW_LOGS + 1],
    );
    const rule = { ...rules.pattern!.body, service_id: loud };
    const res = await preview({ rule, ...range });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'from', errors: [expect.stringContaining(`more than ${MAX_PREVIEW_LOGS} matching logs`)] }]);
    // The same rule from the per-minute counts (no pattern) reads no log: it answers.
    expect((await preview({ rule: { ...rule, message_pattern: undefined }, ...range })).status).toBe(200);
  });

  it('is for admins (who write rules) only', async () => {
    expect((await preview({ rule: rules.threshold!.body }, t.tokens.viewer)).status).toBe(403);
    expect((await t.request('POST', '/detection-rules/preview', { body: { rule: rules.threshold!.body } })).status).toBe(401);
  });
});
