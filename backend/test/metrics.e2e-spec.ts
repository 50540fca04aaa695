import { eventually, ingestLogs, secondsAgo } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const TOKEN = 'bWV0cmljcy1zY3JhcGUtdG9rZW4tZm9yLXRoZS10ZXN0cw';
const run = Math.random().toString(36).slice(2, 8);

/** The value of one series (name + exact label set as printed), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let t: TestApp;
  const scrape = async (token = TOKEN) => {
    const res = await t.request('GET', '/metrics', { token });
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t?.close());

  it('refuses a scrape without the token (401, WWW-Authenticate) or with a wrong one, in the one error shape', async () => {
    const none = await t.request('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.body).toMatchObject({ statusCode: 401, message: expect.stringMatching(/METRICS_TOKEN/) });
    // A user's JWT is not the metrics token.
    expect((await t.request('GET', '/metrics', { token: t.tokens.admin })).status).toBe(401);
  });

  it('serves the Prometheus text format with every documented family', async () => {
    const res = await t.request('GET', '/metrics', { token: TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const family of [
      'http_requests_total',
      'http_request_duration_seconds',
      'ingest_logs_accepted_total',
      'ingest_logs_refused_total',
      'ingest_queue_logs',
      'ingest_group_commit_rows',
      'ingest_group_commit_duration_seconds',
      'detection_run_duration_seconds',
      'detection_lag_seconds',
      'incidents_open',
      'outbox_lag_seconds',
      'notification_deliveries_total',
      'escalation_steps_total',
      'live_stream_connections',
      'db_pool_connections_in_use',
      'db_pool_waiting_requests',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(res.text).toContain(`# TYPE ${family} `);
    }
  });

  it('moves when logs are ingested and refused and an incident opens, with route patterns and closed label sets only', async () => {
    const service = `metrics-${run}`;
    const before = await scrape();
    const accepted = sample(before, 'ingest_logs_accepted_total') ?? 0;
    const highOpen = sample(before, 'incidents_open{status="open",severity="high"}') ?? 0;

    // 6 ERROR logs in a minute: the default "High Error Rate" rule opens a HIGH incident.
    await ingestLogs(
      t,
      Array.from({ length: 6 }, (_, i) => ({
        service_id: service,
        message: `Payment gateway timeout #${i}`,
        timestamp: secondsAgo(6 - i),
      })),
    );
    const invalid = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: [{ service_id: service, level: 'LOUD', message: 'x' }] });
    expect(invalid.status).toBe(400);
    const incidentId = await eventually(async () => {
      const res = await t.request('GET', `/incidents?service_id=${service}`, { token: t.tokens.viewer });
      return res.body.data[0]?.id as string | undefined;
    }, 5000);
    expect((await t.request('GET', `/incidents/${incidentId}`, { token: t.tokens.viewer })).status).toBe(200);
    expect((await t.request('GET', `/no-such-route-${run}/${incidentId}`)).status).toBe(404);

    // incidents_open is read from the database at most every 5 s: wait for a fresh read.
    const after = await eventually(
      async () => {
        const text = await scrape();
        return (sample(text, 'incidents_open{status="open",severity="high"}') ?? 0) >= highOpen + 1 && text;
      },
      8000,
      250,
    );
    expect(sample(after, 'ingest_logs_accepted_total')).toBeGreaterThanOrEqual(accepted + 6);
    expect(sample(after, 'ingest_logs_refused_total{reason="invalid"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'http_requests_total{method="POST",route="/ingest",status="201"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'http_requests_total{method="POST",route="/ingest",status="400"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'http_requests_total{method="GET",route="/incidents/:id",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'http_requests_total{method="GET",route="unmatched",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'ingest_group_commit_rows_count')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'detection_run_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'detection_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'db_pool_connections_in_use')).toBeGreaterThanOrEqual(0);
    // No id, raw URL or service name ever becomes a label value.
    expect(after).not.toContain(incidentId);
    expect(after).not.toContain(service);
    expect(after).not.toContain('no-such-route');
  });
});

describe('GET /metrics access without a token', () => {
  it('is refused (403) to a client outside METRICS_ALLOW', async () => {
    const t = await startTestApp({ seed: false, env: { METRICS_ALLOW: '10.0.0.0/8' } });
    try {
      const res = await t.request('GET', '/metrics');
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/METRICS_ALLOW/);
    } finally {
      await t.close();
    }
  });

  it('is served to loopback outside production when nothing is configured, and refused to everyone in production', async () => {
    const dev = await startTestApp({ seed: false });
    try {
      expect((await dev.request('GET', '/metrics')).status).toBe(200);
    } finally {
      await dev.close();
    }
    const prod = await startTestApp({
      seed: false,
      env: { NODE_ENV: 'production', JWT_SECRET: 'cHJvZHVjdGlvbi1qd3Qtc2VjcmV0LWZvci10ZXN0cw' },
    });
    try {
      const res = await prod.request('GET', '/metrics');
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/METRICS_TOKEN or METRICS_ALLOW/);
    } finally {
      await prod.close();
    }
  });

  it('does not exist when METRICS_ENABLED=false', async () => {
    const t = await startTestApp({ seed: false, env: { METRICS_ENABLED: 'false' } });
    try {
      expect((await t.request('GET', '/metrics')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
