// The console's performance budgets (`npm run bench`, last phase; or alone, after `npm run build`:
// `node dist/bench/console-budgets.js`, against its own throw-away database and app process).
//   CONSOLE_BENCH_INCIDENTS  incidents in the database for the page timing (default 10,000)
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import bcrypt from 'bcrypt';
import { Pool } from 'pg';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { startAppProcess, type AppProcess } from '../test/support/app-process';
import { launchBrowser } from '../test/support/browser';
import { median, percentile, startBenchDatabase, UNCAPPED_DETECTION_ENV } from './bench-env';
import { incidentsInteractiveMs, incidentVisibleMs, openIncidentsPage, type ConsoleTarget } from './console-page-timings';
import { tailLatencies } from './log-tail';

export const CONSOLE_INCIDENTS = Number(process.env.CONSOLE_BENCH_INCIDENTS ?? 10_000);

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * What a first visit downloads before the console can run: the entry script of index.html and
 * the modules it preloads, each gzipped at zlib's default level 6 (what @fastify/compress and
 * most servers use; level 9 would save a few percent more), summed, in KB.
 */
export async function initialJsGzipKb(consoleDir: string): Promise<number> {
  const html = await readFile(join(consoleDir, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  if (entry.length === 0) throw new Error(`no entry script in ${consoleDir}/index.html`);
  let bytes = 0;
  for (const src of new Set([...entry, ...preloads])) {
    // Built with base /console/: /console/assets/x.js is <consoleDir>/assets/x.js.
    const file = join(consoleDir, src.replace(/^\/console\//, ''));
    await stat(file);
    bytes += gzipSync(await readFile(file), { level: 6 }).length;
  }
  return round(bytes / 1024);
}

/**
 * Tops the incidents table up to `total` rows in one statement, with the columns and the
 * 'opened' timeline entry the app itself writes: a quarter each OPEN and ACKNOWLEDGED, half
 * RESOLVED, 50 services, one every 3 minutes back from now (so a newly detected one is first).
 * No fingerprint: the unique index on open fingerprints then has nothing to refuse.
 */
export async function seedIncidents(pool: Pool, total: number): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents');
  const missing = Math.max(0, total - rows[0]!.n);
  if (missing === 0) return 0;
  await pool.query(
    `WITH seeded AS (
       INSERT INTO incidents (id, title, severity, status, service_id, created_by, log_count, first_seen_at, last_seen_at,
                              acknowledged_at, resolved_at, resolution, created_at, updated_at)
       SELECT gen_random_uuid(), 'Seeded incident ' || i || ': svc-' || (i % 50),
              (ARRAY['LOW','MEDIUM','HIGH','CRITICAL'])[1 + i % 4]::"Severity", s.status, 'svc-' || (i % 50), 'system:bench-seed',
              1 + i % 40, s.at, s.at + interval '1 minute',
              CASE WHEN s.status <> 'OPEN' THEN s.at + interval '5 minutes' END,
              CASE WHEN s.status = 'RESOLVED' THEN s.at + interval '30 minutes' END,
              CASE WHEN s.status = 'RESOLVED' THEN 'Restarted the upstream' END,
              s.at, s.at
       FROM generate_series(1, $1::int) AS i,
            LATERAL (SELECT now() - i * interval '3 minutes' AS at,
                            (ARRAY['OPEN','ACKNOWLEDGED','RESOLVED','RESOLVED'])[1 + i % 4]::"IncidentStatus" AS status) AS s
       RETURNING id, created_at)
     INSERT INTO incident_events (incident_id, type, actor, created_at)
     SELECT id, 'opened', 'system:bench-seed', created_at FROM seeded`,
    [missing],
  );
  await pool.query('ANALYZE incidents, incident_events');
  return missing;
}

export interface ConsoleBudgetInput {
  pool: Pool;
  target: ConsoleTarget;
  apiKey: string;
  consoleDir: string;
  log: (message: string) => void;
}

/** The console's measures, as flat results.json keys (the tail latency is measured elsewhere). */
export async function measureConsoleBudgets(input: ConsoleBudgetInput): Promise<Record<string, number | string>> {
  const results: Record<string, number | string> = { console_initial_js_gzip_kb: await initialJsGzipKb(input.consoleDir) };
  input.log(`console: seeding incidents up to ${CONSOLE_INCIDENTS.toLocaleString()}`);
  await seedIncidents(input.pool, CONSOLE_INCIDENTS);
  const { rows } = await input.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents');
  results.console_incidents_in_database = rows[0]!.n;
  const browser = await launchBrowser();
  try {
    const page = await openIncidentsPage(browser, input.target);
    input.log('console: incidents page interactive, 1 warm-up + 7 loads');
    const interactive = await incidentsInteractiveMs(page, input.target);
    results.console_incidents_interactive_ms_p50 = round(median(interactive));
    results.console_incidents_interactive_ms_p95 = round(percentile(interactive, 95));
    input.log('console: crossing log 201 -> incident in the open page, 20 trials');
    const visible = await incidentVisibleMs(page, input.target, input.apiKey);
    results.console_incident_visible_ms_p50 = round(median(visible));
    results.console_incident_visible_ms_p95 = round(percentile(visible, 95));
  } finally {
    await browser.close();
  }
  // The machine is shared: the load next to the figures says how much to trust them.
  results.console_load_average_1m = round(loadavg()[0]!);
  results.console_measured_at = new Date().toISOString();
  return results;
}

/** The budgets of the console issue, against the keys of one run; a missing key shows as not measured. */
export function printBudgetTable(results: Record<string, number | string>): void {
  // [measure, median key, p95 key, budget, whether the budget itself is allowed ("<=") or not ("<")]
  const rows = [
    ['initial JS, gzip (KB)', undefined, 'console_initial_js_gzip_kb', 250, true],
    ['incidents page interactive (ms)', 'console_incidents_interactive_ms_p50', 'console_incidents_interactive_ms_p95', 1000, false],
    ['detected incident visible (ms)', 'console_incident_visible_ms_p50', 'console_incident_visible_ms_p95', 1500, true],
    ['live tail shows a log (ms)', 'tail_latency_p50_ms', 'tail_latency_p95_ms', 1000, true],
  ] as const;
  console.table(
    rows.map(([measure, p50Key, p95Key, budget, inclusive]) => {
      const p95 = results[p95Key];
      const met = typeof p95 === 'number' ? (inclusive ? p95 <= budget : p95 < budget) : undefined;
      return {
        measure,
        median: p50Key ? (results[p50Key] ?? '-') : '-',
        p95: p95 ?? 'not measured',
        budget: `${inclusive ? '<=' : '<'} ${budget}`,
        met: met === undefined ? '-' : met ? 'yes' : 'NO',
      };
    }),
  );
}

/** Adds keys to bench/results.json without dropping those of the last full run. */
export function mergeResults(file: string, results: Record<string, number | string>): void {
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...existing, ...results }, null, 2) + '\n');
}

export const consoleDirOf = (cwd = process.cwd()) => resolve(cwd, process.env.CONSOLE_DIR ?? 'dist/console');

const ADMIN = { email: 'bench-console-admin@example.test', password: 'bench-password-123' };

async function postJson(baseUrl: string, path: string, body: unknown, token?: string) {
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new Error(`POST ${path} -> ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Alone: a fresh bench database and app process, the live tail measured too (no background ingest). */
async function runStandalone(): Promise<void> {
  const log = (message: string) => console.log(`[console-bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
  const db = await startBenchDatabase();
  await applyPendingMigrations(db.url);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  let app: AppProcess | undefined;
  try {
    await pool.query(
      `INSERT INTO users (id, email, password_hash, role, active, updated_at) VALUES (gen_random_uuid(), $1, $2, 'ADMIN', true, now())
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'ADMIN', active = true`,
      [ADMIN.email, await bcrypt.hash(ADMIN.password, 10)],
    );
    app = await startAppProcess({ DATABASE_URL: db.url, CONSOLE_DIR: consoleDirOf(), ...UNCAPPED_DETECTION_ENV });
    const token = ((await postJson(app.baseUrl, '/auth/login', ADMIN)) as { access_token: string }).access_token;
    const apiKey = ((await postJson(app.baseUrl, '/api-keys', { name: 'console-bench' }, token)) as { key: string }).key;
    const results = await measureConsoleBudgets({
      pool,
      target: { baseUrl: app.baseUrl, ...ADMIN },
      apiKey,
      consoleDir: consoleDirOf(),
      log,
    });
    log('live tail latency: 201 -> GET /logs/tail, 200 logs');
    const tail = await tailLatencies({ baseUrl: app.baseUrl, token, apiKey, logs: 200 });
    results.tail_latency_p50_ms = round(median(tail));
    results.tail_latency_p95_ms = round(percentile(tail, 95));
    // Only the console's keys: the tail figures of results.json are the full run's, measured
    // with background ingest; these (without) are printed, not mixed in.
    mergeResults(
      join(process.cwd(), 'bench', 'results.json'),
      Object.fromEntries(Object.entries(results).filter(([key]) => key.startsWith('console_'))),
    );
    printBudgetTable(results);
  } finally {
    await app?.stop('SIGKILL');
    await pool.end();
    await db.stop();
  }
}

if (require.main === module) {
  runStandalone().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
