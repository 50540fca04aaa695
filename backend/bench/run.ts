// `npm run bench`: measures the service against ceilings measured in the same run and writes
// bench/results.json (flat, plainly named). See README "Performance" and the journal.
//   BENCH_DURATION_S   seconds per load phase (default 15)
//   BENCH_QUERY_ROWS   rows loaded for the query-latency phase (default 5,000,000)
//   BENCH_DATABASE_URL use this PostgreSQL instead of a throw-away embedded one
//   BURST_INCIDENTS    incidents in the notification burst (default 300)
//   CONSOLE_BENCH_INCIDENTS incidents in the database for the console's page timing (default 10,000)
//   ESCALATION_INCIDENTS incidents escalating at once in the escalation phase (default 1000)
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcrypt';
import { Pool } from 'pg';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { freePort } from '../src/dev-database/free-port';
import { startAppProcess, type AppProcess } from '../test/support/app-process';
import { compactLogCounts, insertQueryDataset, median, percentile, startBenchDatabase, UNCAPPED_DETECTION_ENV } from './bench-env';
import { consoleDirOf, measureConsoleBudgets, printBudgetTable } from './console-budgets';
import { measureIntakeProtocols } from './intake-protocols';
import { backgroundLoad, loadTest } from './load';
import { measureEscalationLoad } from './escalation-load';
import { measureNotificationBurst } from './notification-burst';
import { tailLatencies } from './log-tail';
import { measureObservabilityOverhead } from './observability-overhead';
import { measureRulePreview } from './rule-preview';

const DURATION = Number(process.env.BENCH_DURATION_S ?? 15);
const QUERY_ROWS = Number(process.env.BENCH_QUERY_ROWS ?? 5_000_000);
const BURST_INCIDENTS = Number(process.env.BURST_INCIDENTS ?? 300);
const ADMIN = { email: 'bench-admin@example.test', password: 'bench-password-123' };

const results: Record<string, number | string> = {};
const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

function singleLog(service: string, level = 'INFO') {
  return {
    service_id: service,
    level,
    message: 'Payment gateway answered in 182ms for transaction tx_8f2a91c4 (attempt 1)',
    metadata: { transaction_id: 'tx_8f2a91c4', region: 'eu-west-1', amount_cents: 1299 },
  };
}

async function json(app: AppProcess, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(app.baseUrl + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function httpCeiling(): Promise<number> {
  const port = await freePort();
  const child = fork(join(__dirname, 'ceiling-http-server.js'), [String(port)], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('message', resolve));
  try {
    const r = await loadTest({
      url: `http://127.0.0.1:${port}/ingest`,
      body: JSON.stringify(singleLog('ceiling')),
      connections: 100,
      durationSeconds: DURATION,
    });
    return r.requestsPerSecond;
  } finally {
    child.kill();
  }
}

/** Raw multi-row INSERTs of the same rows, 4 clients, 500 rows a statement: the database ceiling. */
async function insertCeiling(pool: Pool, seconds: number): Promise<number> {
  const rows = 500;
  const row = singleLog('ceiling-insert');
  const params = [
    Array(rows).fill(new Date().toISOString()),
    Array(rows).fill(row.service_id),
    Array(rows).fill('INFO'),
    Array(rows).fill(row.message),
    Array(rows).fill(JSON.stringify(row.metadata)),
  ];
  const deadline = Date.now() + seconds * 1000;
  let inserted = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < deadline) {
        await pool.query(
          `INSERT INTO logs ("timestamp", service_id, level, message, metadata)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::"LogLevel"[], $4::text[], $5::jsonb[])`,
          params,
        );
        inserted += rows;
      }
    }),
  );
  return Math.round(inserted / seconds);
}

// Names of this run only: on a reused database (BENCH_DATABASE_URL) the rows of earlier runs
// would otherwise count as stored and hide a lost log.
const RUN_ID = Date.now().toString(36);
const SINGLE_SERVICE = `bench-single-${RUN_ID}`;
const BATCH_SERVICE = `bench-batch-${RUN_ID}`;

async function countRows(pool: Pool, service: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM logs WHERE service_id = $1', [service]);
  return Number(rows[0]!.n);
}

async function detectionLatency(app: AppProcess, apiKey: string, token: string, trials: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < trials; i++) {
    const service = `bench-detect-${Date.now()}-${i}`;
    const ingest = (body: unknown) =>
      fetch(app.baseUrl + '/ingest', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify(body),
      });
    const first = await ingest(Array.from({ length: 5 }, () => singleLog(service, 'ERROR')));
    if (first.status !== 201) throw new Error(`burst ingest failed: ${first.status}`);
    const crossing = await ingest(singleLog(service, 'ERROR'));
    const t0 = performance.now();
    if (crossing.status !== 201) throw new Error(`crossing ingest failed: ${crossing.status}`);
    for (;;) {
      const page = await json(app, 'GET', `/incidents?service_id=${service}&limit=1`, token);
      if (page.data.length > 0) break;
      if (performance.now() - t0 > 10_000) throw new Error(`no incident for ${service} within 10 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

async function loadQueryDataset(pool: Pool, rows: number): Promise<void> {
  await insertQueryDataset(pool, rows, log);
  await compactLogCounts(pool);
  await pool.query('ANALYZE logs, log_minute_counts, log_hour_counts, log_minute_totals');
}

async function timeQuery(app: AppProcess, token: string, path: string, runs = 30): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await json(app, 'GET', path, token);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await json(app, 'GET', path, token);
    times.push(performance.now() - t0);
  }
  return { p50: round(median(times)), p95: round(percentile(times, 95)) };
}

const round = (n: number) => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const db = await startBenchDatabase();
  await applyPendingMigrations(db.url);
  const pool = new Pool({ connectionString: db.url, max: 6 });
  let app: AppProcess | undefined;
  try {
    log('ceiling: bare node:http server');
    results.ceiling_http_req_per_s = await httpCeiling();

    // The bench's own ADMIN, also on a database that already has users (BENCH_DATABASE_URL).
    await pool.query(
      `INSERT INTO users (id, email, password_hash, role, active, updated_at) VALUES (gen_random_uuid(), $1, $2, 'ADMIN', true, now())
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'ADMIN', active = true`,
      [ADMIN.email, await bcrypt.hash(ADMIN.password, 10)],
    );
    // Private webhooks: the notification burst's receivers listen on 127.0.0.1. Uncapped
    // detection: the 20 detection trials open 20 incidents within a minute.
    const syslogPort = await freePort();
    app = await startAppProcess({
      DATABASE_URL: db.url,
      ALLOW_PRIVATE_WEBHOOKS: 'true',
      SYSLOG_PORT: String(syslogPort),
      SYSLOG_HOST: '127.0.0.1',
      ...UNCAPPED_DETECTION_ENV,
    });
    results.rss_idle_mb = await app.rssMb();
    const token = (await json(app, 'POST', '/auth/login', undefined, ADMIN)).access_token as string;
    const apiKey = (await json(app, 'POST', '/api-keys', token, { name: 'bench' })).key as string;

    log(`single-log POST /ingest, 100 connections, ${DURATION} s`);
    let rssPeak = 0;
    const sampler = setInterval(() => void app!.rssMb().then((mb) => (rssPeak = Math.max(rssPeak, mb))), 250);
    const single = await loadTest({
      url: `${app.baseUrl}/ingest`,
      body: JSON.stringify(singleLog(SINGLE_SERVICE)),
      headers: { 'x-api-key': apiKey },
      connections: 100,
      durationSeconds: DURATION,
    });
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 1000));
    const stored = await countRows(pool, SINGLE_SERVICE);
    Object.assign(results, {
      single_ingest_req_per_s: single.requestsPerSecond,
      single_ingest_p50_ms: single.p50Ms,
      single_ingest_p99_ms: single.p99Ms,
      single_ingest_201: single.ok2xx,
      single_ingest_non_2xx: single.non2xx,
      single_ingest_errors: single.errors + single.timeouts,
      single_ingest_rows_stored: stored,
      // A 201 whose row is missing would be a lost log. Rows beyond the 201s are requests
      // still in flight when the load stopped (committed, answer not counted).
      lost_logs: Math.max(0, single.ok2xx - stored),
      rss_under_load_mb: rssPeak,
    });

    log(`batch POST /ingest, 100 logs per request, 20 connections, ${DURATION} s`);
    const batchBody = JSON.stringify(Array.from({ length: 100 }, () => singleLog(BATCH_SERVICE)));
    const batch = await loadTest({
      url: `${app.baseUrl}/ingest`,
      body: batchBody,
      headers: { 'x-api-key': apiKey },
      connections: 20,
      durationSeconds: DURATION,
    });
    await new Promise((r) => setTimeout(r, 1000));
    const batchStored = await countRows(pool, BATCH_SERVICE);
    Object.assign(results, {
      batch_logs_per_s: batch.requestsPerSecond * 100,
      batch_p99_ms: batch.p99Ms,
      batch_non_2xx: batch.non2xx,
      batch_lost_logs: Math.max(0, batch.ok2xx * 100 - batchStored),
    });

    // Loki push and syslog TCP against /ingest batches, in alternating rounds of the same run.
    Object.assign(
      results,
      await measureIntakeProtocols({ baseUrl: app.baseUrl, syslogPort, apiKey, pool }, Math.ceil(DURATION / 2), 3, log),
    );

    log(`ceiling: raw 500-row INSERTs, 4 clients, ${DURATION} s`);
    results.ceiling_insert_rows_per_s = await insertCeiling(pool, DURATION);
    results.single_ingest_ratio_to_http_ceiling = round(Number(results.single_ingest_req_per_s) / Number(results.ceiling_http_req_per_s));
    results.single_ingest_ratio_to_insert_ceiling = round(
      Number(results.single_ingest_req_per_s) / Number(results.ceiling_insert_rows_per_s),
    );
    results.batch_ratio_to_insert_ceiling = round(Number(results.batch_logs_per_s) / Number(results.ceiling_insert_rows_per_s));

    log('detection latency: 20 trials with background ingest');
    const background = backgroundLoad({
      url: `${app.baseUrl}/ingest`,
      body: JSON.stringify(singleLog('bench-background')),
      headers: { 'x-api-key': apiKey },
      connections: 10,
      overallRate: 2000,
    });
    try {
      const detection = await detectionLatency(app, apiKey, token, 20);
      results.detection_latency_p50_ms = round(median(detection));
      results.detection_latency_p95_ms = round(percentile(detection, 95));
      log('live tail latency: 201 -> GET /logs/tail, 200 logs with background ingest');
      const tail = await tailLatencies({ baseUrl: app.baseUrl, token, apiKey, logs: 200 });
      results.tail_latency_p50_ms = round(median(tail));
      results.tail_latency_p95_ms = round(percentile(tail, 95));
    } finally {
      background.stop();
    }

    log(`notification burst: ${BURST_INCIDENTS} incidents to a healthy Slack channel, alone and next to a webhook that never answers`);
    Object.assign(results, await measureNotificationBurst(app, token, BURST_INCIDENTS));

    const escalating = Number(process.env.ESCALATION_INCIDENTS ?? 1000);
    log(`escalation: ${escalating} incidents paging step 1, then step 2 a minute later, with single-log ingest across the step-2 burst`);
    Object.assign(results, await measureEscalationLoad(app, pool, token, apiKey, { incidents: escalating, seconds: DURATION }));
    await app.stop();

    log('observability: single-log ingest with metrics and JSON logging on vs off, alternating; /metrics scrapes under ingest');
    Object.assign(results, await measureObservabilityOverhead({ databaseUrl: db.url, admin: ADMIN, log }));

    const existing = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM logs')).rows[0]!.n);
    if (existing < QUERY_ROWS) {
      log(`query latency: loading ${(QUERY_ROWS - existing).toLocaleString()} rows`);
      await loadQueryDataset(pool, QUERY_ROWS - existing);
    }
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM logs');
    results.query_table_rows = Number(rows[0]!.n);
    app = await startAppProcess({ DATABASE_URL: db.url });
    const token2 = (await json(app, 'POST', '/auth/login', undefined, ADMIN)).access_token as string;
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    const queries: Record<string, string> = {
      query_logs_service_level_time: `/logs?service_id=svc-7&level=ERROR&from=${hourAgo}&limit=100`,
      query_logs_fulltext: `/logs?q=timeout&limit=100`,
      query_logs_fulltext_rare: `/logs?q=4999999&limit=100`,
      query_stats_1m: `/logs/stats?interval=1m&from=${hourAgo}`,
      query_stats_1h: `/logs/stats?interval=1h&from=${dayAgo}`,
      query_stats_1m_24h: `/logs/stats?interval=1m&from=${dayAgo}`,
      query_services: `/services`,
      query_incidents: `/incidents?page=1&limit=20`,
    };
    for (const [name, path] of Object.entries(queries)) {
      try {
        const t = await timeQuery(app, token2, path);
        results[`${name}_p50_ms`] = t.p50;
        results[`${name}_p95_ms`] = t.p95;
      } catch (error) {
        // A failing query is a result too: record it and measure the others.
        results[`${name}_error`] = error instanceof Error ? error.message.slice(0, 120) : String(error);
      }
    }
    results.rss_after_queries_mb = await app.rssMb();
    await app.stop();

    // Last, so that the 10,000 seeded incidents change no earlier figure (GET /incidents above).
    log('console budgets: initial JS, incidents page with 10,000 incidents, detected incident in the open page');
    app = await startAppProcess({ DATABASE_URL: db.url, CONSOLE_DIR: consoleDirOf(), ...UNCAPPED_DETECTION_ENV });
    const consoleToken = (await json(app, 'POST', '/auth/login', undefined, ADMIN)).access_token as string;
    const consoleKey = (await json(app, 'POST', '/api-keys', consoleToken, { name: 'bench-console' })).key as string;
    Object.assign(
      results,
      await measureConsoleBudgets({
        pool,
        target: { baseUrl: app.baseUrl, ...ADMIN },
        apiKey: consoleKey,
        consoleDir: consoleDirOf(),
        log,
      }),
    );
    await app.stop();
    app = undefined;

    // On its own database (5 M logs over 7 days), so it changes no figure above.
    Object.assign(results, await measureRulePreview(log));
  } finally {
    await app?.stop('SIGKILL');
    await pool.end();
    await db.stop();
  }

  results.measured_at = new Date().toISOString();
  writeFileSync(join(process.cwd(), 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.table(results);
  printBudgetTable(results);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
