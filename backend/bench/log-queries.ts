// Latency of the GET /logs, /logs/stats and /services queries on a filled `logs` table, with
// the plan of each (EXPLAIN ANALYZE). The SQL is the app's own (LogsRepository, buildLogSearch).
//   npm run build && node dist/bench/log-queries.js
// Env: QUERY_ROWS (1,000,000) spread over QUERY_DAYS (7) days, BENCH_DATABASE_URL, QUERY_PLANS=1 to print plans.
import { Pool } from 'pg';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { buildLogSearch, type LogSearchFilters } from '../src/logs/log-search';
import { LogCountsRepository } from '../src/logs/log-counts.repository';
import { compactLogCounts, startBenchDatabase } from './bench-env';

const ROWS = Number(process.env.QUERY_ROWS ?? 1_000_000);
const DAYS = Number(process.env.QUERY_DAYS ?? 7);
const RUNS = 15;

async function fill(pool: Pool, now: Date) {
  await pool.query(
    `SELECT ensure_log_partitions(($1::timestamptz - make_interval(days => $2))::date, ($1::timestamptz + interval '7 days')::date)`,
    [now, DAYS],
  );
  // 20 services; levels skewed like real traffic (1% FATAL, 4% ERROR, 10% WARN, 15% DEBUG, 70% INFO);
  // a few words are rare so that full-text search has selective and unselective terms.
  await pool.query(
    `INSERT INTO logs ("timestamp", service_id, level, message, metadata)
     SELECT $1::timestamptz - make_interval(secs => (n::float8 / $2) * $3 * 86400),
            'service-' || (n % 20),
            (CASE WHEN n % 100 = 0 THEN 'FATAL' WHEN n % 100 < 5 THEN 'ERROR' WHEN n % 100 < 15 THEN 'WARN'
                  WHEN n % 100 < 30 THEN 'DEBUG' ELSE 'INFO' END)::"LogLevel",
            (ARRAY['Payment gateway answered in ' || (n % 900) || 'ms for transaction tx_' || n,
                   'User ' || (n % 5000) || ' logged in from 10.0.' || (n % 255) || '.' || (n % 7),
                   'Cache miss for key product:' || (n % 10000),
                   'Payment gateway timeout after 30s for transaction tx_' || n,
                   'Order ' || n || ' shipped'])[1 + n % 5]
              || CASE WHEN n % 10007 = 0 THEN ' kraken' ELSE '' END,
            CASE WHEN n % 3 = 0 THEN jsonb_build_object('region', (ARRAY['eu-west-1','us-east-1','ap-south-1'])[1 + n % 3], 'attempt', n % 4) END
       FROM generate_series(1, $2::int) n`,
    [now, ROWS, DAYS],
  );
  // The insert trigger filled log_minute_counts; compact it as the app would within seconds (fills the hourly counts and totals).
  await compactLogCounts(pool);
  await pool.query('VACUUM ANALYZE logs, log_minute_counts, log_hour_counts, log_minute_totals');
  await pool.query(
    `INSERT INTO services (service_id, first_seen_at, last_seen_at) SELECT 'service-' || n, now() - interval '7 days', now() FROM generate_series(0, 19) n`,
  );
}

async function time(pool: Pool, name: string, text: string, values: unknown[]) {
  const durations: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await pool.query(text, values);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const plan = (await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ${text}`, values)).rows.map(
    (r) => r['QUERY PLAN'] as string,
  );
  const scans = [
    ...new Set(
      plan.flatMap(
        (line) =>
          /((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan|Bitmap Heap Scan) (?:Backward )?(?:using \S+ )?on \S+)/.exec(
            line,
          )?.[1] ?? [],
      ),
    ),
  ];
  console.log(
    `${name.padEnd(46)} p50 ${durations[Math.floor(RUNS / 2)]!.toFixed(1).padStart(7)} ms  p95 ${durations[Math.floor(RUNS * 0.95)]!.toFixed(1).padStart(7)} ms  | ${scans.length} scan kinds, e.g. ${scans.slice(0, 2).join('; ')}`,
  );
  if (process.env.QUERY_PLANS === '1') console.log(plan.map((line) => `    ${line}`).join('\n'));
}

async function main() {
  const database = await startBenchDatabase();
  const pool = new Pool({ connectionString: database.url, max: 4 });
  try {
    await applyPendingMigrations(database.url);
    const now = new Date();
    const started = Date.now();
    await fill(pool, now);
    console.log(`filled ${ROWS} rows over ${DAYS} days in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const hourAgo = new Date(now.getTime() - 3_600_000);
    const search = (filters: Partial<LogSearchFilters>) => buildLogSearch({ metadata: [], limit: 100, ...filters });
    const deep = (await pool.query(`SELECT "timestamp", id FROM logs ORDER BY "timestamp" DESC, id DESC OFFSET 5000 LIMIT 1`)).rows[0];
    const cursor = { timestamp: deep.timestamp as Date, id: String(deep.id) };
    const someId = String(deep.id);

    const cases: [string, { text: string; values: unknown[] }][] = [
      ['GET /logs (newest 100, no filter)', search({})],
      ['GET /logs service+level ERROR+last hour', search({ serviceId: 'service-3', level: 'ERROR', from: hourAgo })],
      ['GET /logs min_level=ERROR', search({ minLevel: 'ERROR' })],
      ['GET /logs q=timeout (common word)', search({ q: 'timeout' })],
      ['GET /logs q=kraken (rare word)', search({ q: 'kraken' })],
      ['GET /logs q=kraken, last 24 h', search({ q: 'kraken', from: new Date(now.getTime() - 86_400_000) })],
      [
        'GET /logs metadata.region=eu-west-1 + service',
        search({ serviceId: 'service-3', metadata: [{ path: ['region'], value: 'eu-west-1' }] }),
      ],
      ['GET /logs page after 5,000 rows (cursor)', search({ cursor: { ...cursor } })],
      ['GET /logs/:id', { text: `SELECT * FROM logs l WHERE l.id = $1::bigint LIMIT 1`, values: [someId] }],
    ];
    for (const [name, query] of cases) await time(pool, name, query.text, query.values);

    // Stats and services: the repository's SQL (minute counts + the unfinished minute from logs), captured through a recording pool.
    const captured: { text: string; values: unknown[] }[] = [];
    const recorder = {
      query: async (text: string, values: unknown[]) => (captured.push({ text, values }), { rows: [] }),
    } as unknown as Pool;
    const repository = new LogCountsRepository(recorder);
    const dayAgo = new Date(now.getTime() - 86_400_000);
    await repository.countByBucketAndLevel({ intervalMs: 60_000, from: dayAgo, to: now });
    await repository.countByBucketAndLevel({ intervalMs: 3_600_000, from: dayAgo, to: now });
    await repository.countByBucketAndLevel({ intervalMs: 60_000, from: dayAgo, to: now, serviceId: 'service-3' });
    await repository.countByServiceAndLevelSince(hourAgo);
    const names = [
      'GET /logs/stats 1m, 24 h',
      'GET /logs/stats 1h, 24 h',
      'GET /logs/stats 1m, 24 h, one service',
      'GET /services (last-hour counts)',
    ];
    for (const [i, query] of captured.entries()) await time(pool, names[i]!, query.text, query.values);
  } finally {
    await pool.end();
    await database.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
