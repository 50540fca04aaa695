// POST /detection-rules/preview at 5 M logs over 7 days: its own throw-away embedded
// PostgreSQL (never BENCH_DATABASE_URL: the 7-day data set would change the query phase's),
// seeded in SQL, then timed through HTTP on the compiled app.
//   npm run build && node dist/bench/rule-preview.js   (alone; adds only the preview_* keys to results.json)
//   PREVIEW_BENCH_ROWS   logs seeded (default 5,000,000)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcrypt';
import { Pool } from 'pg';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { startEmbeddedPostgres } from '../src/dev-database/embedded-postgres';
import { freePort } from '../src/dev-database/free-port';
import { startAppProcess, type AppProcess } from '../test/support/app-process';
import { compactLogCounts, median, percentile } from './bench-env';
import { mergeResults } from './console-budgets';

const ROWS = Number(process.env.PREVIEW_BENCH_ROWS ?? 5_000_000);
const ADMIN = { email: 'bench-preview-admin@example.test', password: 'bench-password-123' };
const RUNS = 10;
const DAY_MS = 86_400_000;

/**
 * 50 services, DEBUG..ERROR, over the last 7 days, one `INSERT ... SELECT generate_series` per
 * 500,000 rows: the insert trigger keeps the per-minute counts (what the preview reads) exactly
 * as ingest would, and they are compacted as the app's job would.
 */
export async function seedPreviewDataset(pool: Pool, rows: number, log: (message: string) => void): Promise<void> {
  await pool.query(`SELECT ensure_log_partitions(current_date - 8, current_date + 1)`);
  const chunk = 500_000;
  for (let start = 0; start < rows; start += chunk) {
    const end = Math.min(rows, start + chunk);
    await pool.query(
      `INSERT INTO logs ("timestamp", service_id, level, message)
       SELECT now() - random() * interval '7 days', 'svc-' || (i % 50),
              (ARRAY['DEBUG','INFO','INFO','INFO','WARN','ERROR'])[1 + i % 6]::"LogLevel",
              (ARRAY['upstream timeout after ','user logged in id ','retrying payment ','cache miss for key '])[1 + i % 4] || i
       FROM generate_series($1::bigint, $2::bigint) AS i`,
      [start, end - 1],
    );
    log(`  loaded ${end.toLocaleString()} / ${rows.toLocaleString()} rows`);
  }
  // Services are recorded by the ingest writer, which this load bypasses (ABSENCE needs them).
  await pool.query(
    `INSERT INTO services (service_id, first_seen_at, last_seen_at)
     SELECT 'svc-' || i, now() - interval '7 days', now() FROM generate_series(0, 49) AS i ON CONFLICT DO NOTHING`,
  );
  await compactLogCounts(pool);
  await pool.query('ANALYZE logs, log_minute_counts, services');
}

/** The rules timed: per-minute counts over 7 days (all services, one service, absence), and matching logs of every service over 24 h. */
function previewCases(now: number): Record<string, unknown> {
  const week = { from: new Date(now - 7 * DAY_MS + 60_000).toISOString(), to: new Date(now).toISOString() };
  const day = { from: new Date(now - DAY_MS).toISOString(), to: new Date(now).toISOString() };
  const threshold = { kind: 'THRESHOLD', severity: 'HIGH', window_seconds: 300 };
  return {
    threshold_all_services_7d: { rule: { ...threshold, level: 'ERROR', threshold: 8, auto_resolve_seconds: 600 }, ...week },
    threshold_one_service_7d: { rule: { ...threshold, level: 'WARN', service_id: 'svc-7', threshold: 15 }, ...week },
    absence_all_services_7d: { rule: { kind: 'ABSENCE', severity: 'HIGH', level: 'INFO', window_seconds: 300, min_count: 1400 }, ...week },
    pattern_all_services_24h: { rule: { ...threshold, level: 'ERROR', threshold: 8, message_pattern: 'cache miss' }, ...day },
  };
}

async function post(app: AppProcess, path: string, body: unknown, token?: string): Promise<any> {
  const response = await fetch(app.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** Median and p95 of each case (3 warm-ups, then 10 sequential runs), with what each answered. */
export async function measureRulePreview(log: (message: string) => void): Promise<Record<string, number | string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'incident-platform-preview-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' });
  const pool = new Pool({ connectionString: pg.url, max: 2 });
  let app: AppProcess | undefined;
  const results: Record<string, number | string> = {};
  try {
    await applyPendingMigrations(pg.url);
    log(`rule preview: seeding ${ROWS.toLocaleString()} logs over 7 days`);
    const seedStart = performance.now();
    await seedPreviewDataset(pool, ROWS, log);
    results.preview_seed_s = Math.round((performance.now() - seedStart) / 1000);
    results.preview_rows = ROWS;
    await pool.query(
      `INSERT INTO users (id, email, password_hash, role, active, updated_at) VALUES (gen_random_uuid(), $1, $2, 'ADMIN', true, now())`,
      [ADMIN.email, await bcrypt.hash(ADMIN.password, 10)],
    );
    app = await startAppProcess({ DATABASE_URL: pg.url });
    const token = (await post(app, '/auth/login', ADMIN)).access_token as string;
    for (const [name, body] of Object.entries(previewCases(Date.now()))) {
      let answer: any;
      for (let i = 0; i < 3; i++) answer = await post(app, '/detection-rules/preview', body, token);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await post(app, '/detection-rules/preview', body, token);
        times.push(performance.now() - t0);
      }
      results[`preview_${name}_p50_ms`] = Math.round(median(times));
      results[`preview_${name}_p95_ms`] = Math.round(percentile(times, 95));
      results[`preview_${name}_incidents`] = `${answer.incidents.length}${answer.truncated ? '+' : ''} from ${answer.source}`;
      log(`  ${name}: p50 ${results[`preview_${name}_p50_ms`]} ms, p95 ${results[`preview_${name}_p95_ms`]} ms`);
    }
  } finally {
    await app?.stop('SIGKILL');
    await pool.end();
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}

if (require.main === module) {
  const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
  measureRulePreview(log)
    .then((results) => {
      mergeResults(join(process.cwd(), 'bench', 'results.json'), results);
      console.table(results);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
