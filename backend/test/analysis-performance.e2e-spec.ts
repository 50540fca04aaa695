import { loadavg } from 'node:os';
import { ensureLogPartitions, insertIncident, minutesAgo, seedBulkLogs } from './support/analysis-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

const LINKED = 100_000;
const BASELINE = 20_000;
// The goal is 2 s on this machine; the assertion leaves room for a machine shared with
// other test runs (the measured numbers are in the journal).
const GENEROUS_BOUND_MS = 5000;

describe('incident analysis at 100k linked logs', () => {
  let t: TestApp;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await ensureLogPartitions(t.pool);
    const firstSeenAt = minutesAgo(50);
    const lastSeenAt = minutesAgo(5);
    incidentId = await insertIncident(t.pool, { firstSeenAt, lastSeenAt });
    await seedBulkLogs(t.pool, { incidentId, count: LINKED, from: firstSeenAt, spanMs: 45 * 60_000 });
    // The hour before, same service: what the rising templates are compared with.
    await seedBulkLogs(t.pool, { incidentId: null, count: BASELINE, from: minutesAgo(110), spanMs: 59 * 60_000 });
    await t.pool.query('ANALYZE logs; ANALYZE incident_logs');
  }, 180_000);
  afterAll(() => t?.close());

  it('analyses 100,000 linked logs well within the bound, with every log accounted for', async () => {
    const timings: number[] = [];
    let body: any;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const res = await t.request('GET', `/incidents/${incidentId}/analysis`, { token: t.tokens.viewer });
      timings.push(performance.now() - started);
      expect(res.status).toBe(200);
      body = res.body;
    }
    console.log(
      `analysis of ${LINKED} linked logs (+${BASELINE} baseline): HTTP ms ${timings.map(Math.round).join(', ')}; ` +
        `last server-side ${body.analysed_in_ms} ms; load average ${loadavg()
          .map((load) => load.toFixed(1))
          .join(' ')}`,
    );

    expect(Math.min(...timings)).toBeLessThan(GENEROUS_BOUND_MS);
    expect(body.linked_logs).toEqual({ total: LINKED, analysed: LINKED, truncated: false });
    const counted = body.patterns.reduce((sum: number, p: { count: number }) => sum + p.count, 0) + body.other.count;
    expect(counted).toBe(LINKED);
    // Six message shapes in the fixture: masking and Drain must not explode them into thousands of templates.
    expect(body.patterns.length).toBeLessThanOrEqual(12);
    expect(body.baseline.analysed).toBe(BASELINE);
    expect(body.activity.buckets.reduce((sum: number, b: { linked: number }) => sum + b.linked, 0)).toBe(LINKED);
  }, 120_000);
});
