// What the per-minute log counts (log_minute_counts, kept by an insert trigger on logs) cost
// the writer, and what they buy the stats and services queries.
//   npm run build && node dist/bench/log-counts.js
// Env: BENCH_DATABASE_URL (else a throw-away embedded PostgreSQL), COUNTS_INSERT_RUNS (5),
// COUNTS_QUERY_ROWS (5,000,000, spread over 3 days like `npm run bench` loads them; 0 skips).
import { Pool, type PoolClient } from 'pg';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { logBatchStatement } from '../src/logs/log-batch-insert';
import type { LogRow } from '../src/ingestion/log-validation';
import { LogCountCompactionService } from '../src/logs/log-count-compaction.service';
import { LogCountsRepository } from '../src/logs/log-counts.repository';
import { BUCKET_ORIGIN } from '../src/logs/log-stats';
import { insertQueryDataset, median, percentile, startBenchDatabase } from './bench-env';

const INSERT_RUNS = Number(process.env.COUNTS_INSERT_RUNS ?? 5);
const QUERY_ROWS = Number(process.env.COUNTS_QUERY_ROWS ?? 5_000_000);
const BATCHES = 100;
const BATCH_ROWS = 1000;
const QUERY_RUNS = 30;
const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
const TRIGGER = 'logs_count_per_minute';

const log = (message: string) => console.log(`[counts ${new Date().toISOString().slice(11, 19)}] ${message}`);
const round = (n: number) => Math.round(n * 10) / 10;

/** A group-commit batch: the last second of traffic from 20 services, every level from each (100 keys). */
function batch(): LogRow[] {
  const now = Date.now();
  return Array.from({ length: BATCH_ROWS }, (_, i) => ({
    timestampMs: now - i,
    serviceId: `service-${i % 20}`,
    level: LEVELS[Math.floor(i / 20) % 5]!,
    message: `Payment gateway answered in ${i % 900}ms for transaction tx_${i} (attempt 1)`,
    metadata: JSON.stringify({ transaction_id: `tx_${i}`, region: 'eu-west-1', amount_cents: i }),
  }));
}

/** rows/s of BATCHES multi-row INSERTs (the ingest writer's statement), spread over `writers` connections. */
async function insertRate(pool: Pool, writers: number): Promise<number> {
  const statements = Array.from({ length: BATCHES }, () => logBatchStatement(batch(), []));
  const clients: PoolClient[] = await Promise.all(Array.from({ length: writers }, () => pool.connect()));
  try {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        for (let i = next++; i < BATCHES; i = next++) await client.query(statements[i]!);
      }),
    );
    return Math.round((BATCHES * BATCH_ROWS) / ((performance.now() - started) / 1000));
  } finally {
    for (const client of clients) client.release();
  }
}

/**
 * The trigger's share of the statement, as PostgreSQL itself times it (EXPLAIN ANALYZE of the
 * real INSERT lists each trigger's time): steadier than rows/s on a shared machine.
 */
async function triggerShare(pool: Pool): Promise<void> {
  let execution = 0;
  let trigger = 0;
  for (let i = 0; i < BATCHES; i++) {
    const statement = logBatchStatement(batch(), []);
    const { rows } = await pool.query<{
      'QUERY PLAN': [{ 'Execution Time': number; Triggers: { 'Trigger Name': string; Time: number }[] }];
    }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.values);
    const plan = rows[0]!['QUERY PLAN'][0];
    execution += plan['Execution Time'];
    trigger += plan.Triggers.find((t) => t['Trigger Name'] === TRIGGER)?.Time ?? 0;
  }
  log(
    `EXPLAIN ANALYZE of ${BATCHES} x ${BATCH_ROWS}-row INSERTs: ${round((execution * 1000) / (BATCHES * BATCH_ROWS))} µs/row in all, ` +
      `of which the trigger ${round((trigger * 1000) / (BATCHES * BATCH_ROWS))} µs/row (${round((100 * trigger) / execution)} % of the statement)`,
  );
}

async function insertCost(pool: Pool): Promise<void> {
  await pool.query(`SELECT ensure_log_partitions(current_date - 1, current_date + 1)`);
  for (const writers of [1, 4]) {
    const rates = { on: [] as number[], off: [] as number[] };
    await insertRate(pool, writers); // warm-up: plans, caches
    // Alternating, so that load from elsewhere on the machine hits both alike.
    for (let run = 0; run < INSERT_RUNS; run++) {
      for (const state of run % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        await pool.query(`ALTER TABLE logs ${state === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER ${TRIGGER}`);
        rates[state].push(await insertRate(pool, writers));
      }
    }
    await pool.query(`ALTER TABLE logs ENABLE TRIGGER ${TRIGGER}`);
    const on = median(rates.on);
    const off = median(rates.off);
    log(
      `insert ${BATCHES} x ${BATCH_ROWS} rows, ${writers} writer(s): trigger off ${off} rows/s, on ${on} rows/s ` +
        `(median of ${INSERT_RUNS}; ${round((100 * (off - on)) / off)} % slower)  off=[${rates.off.join(', ')}] on=[${rates.on.join(', ')}]`,
    );
  }
  for (let i = 0; i < 3; i++) await triggerShare(pool);
  const { rows } = await pool.query<{ deltas: string; logs: string }>(
    `SELECT (SELECT count(*) FROM log_minute_counts) AS deltas, (SELECT count(*) FROM logs) AS logs`,
  );
  log(`after the insert runs: ${rows[0]!.logs} logs, ${rows[0]!.deltas} minute-count rows before compaction`);
  await pool.query('TRUNCATE logs, log_minute_counts');
}

async function time(name: string, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await run();
  const durations: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  log(
    `${name.padEnd(44)} p50 ${String(round(median(durations))).padStart(7)} ms  p95 ${String(round(percentile(durations, 95))).padStart(7)} ms`,
  );
}

async function queryLatency(pool: Pool): Promise<void> {
  let started = performance.now();
  await insertQueryDataset(pool, QUERY_ROWS, log);
  log(`loaded ${QUERY_ROWS.toLocaleString()} logs in ${round((performance.now() - started) / 1000)} s (trigger on)`);
  const counts = new LogCountsRepository(pool);

  let rows = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM log_minute_counts')).rows[0]!.n);
  started = performance.now();
  const { keys: merged } = await new LogCountCompactionService(pool, counts).compact();
  log(`compaction: ${rows.toLocaleString()} rows -> ${merged.toLocaleString()} keys in ${round((performance.now() - started) / 1000)} s`);
  started = performance.now();
  await pool.query(
    `SELECT count(*) FROM (SELECT date_bin('1 minute', "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), service_id, level, count(*) FROM logs GROUP BY 1, 2, 3) backfill`,
  );
  log(`the migration's backfill query on this table (as a SELECT): ${round((performance.now() - started) / 1000)} s`);
  await pool.query('VACUUM ANALYZE logs, log_minute_counts, log_hour_counts, log_minute_totals');
  rows = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM log_minute_counts')).rows[0]!.n);
  log(`log_minute_counts: ${rows.toLocaleString()} rows for ${QUERY_ROWS.toLocaleString()} logs`);

  const now = new Date();
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const aligned = (date: Date, ms: number) => new Date(Math.floor(date.getTime() / ms) * ms);
  // The SQL this feature replaced, for comparison.
  const rawStats = (intervalMs: number, from: Date, to: Date, serviceId?: string) =>
    pool.query(
      `SELECT date_bin($1::interval, "timestamp", $2::timestamptz) AS bucket, level::text AS level, count(*)::int AS count
         FROM logs WHERE "timestamp" >= $3::timestamptz AND "timestamp" < $4::timestamptz${serviceId ? ' AND service_id = $5' : ''}
        GROUP BY 1, 2`,
      [`${intervalMs / 1000} seconds`, BUCKET_ORIGIN, from, to, ...(serviceId ? [serviceId] : [])],
    );
  const cases: [string, number, Date, string?][] = [
    ['stats 1m, last hour', 60_000, aligned(hourAgo, 60_000)],
    ['stats 1m, 24 h', 60_000, aligned(dayAgo, 60_000)],
    ['stats 5m, 24 h', 300_000, aligned(dayAgo, 300_000)],
    ['stats 1h, 24 h', 3_600_000, aligned(dayAgo, 3_600_000)],
    ['stats 1m, 24 h, one service', 60_000, aligned(dayAgo, 60_000), 'svc-7'],
    ['stats 1d, 3 days', 86_400_000, aligned(new Date(now.getTime() - 3 * 86_400_000), 86_400_000)],
  ];
  for (const [name, intervalMs, from, serviceId] of cases) {
    // `to` = now: mid-minute, so the raw part is part of every measurement.
    await time(`${name} (log counts)`, () => counts.countByBucketAndLevel({ intervalMs, from, to: new Date(), serviceId }));
    await time(`${name} (raw logs, before)`, () => rawStats(intervalMs, from, new Date(), serviceId));
  }
  await time('services last hour (log counts)', () => counts.countByServiceAndLevelSince(new Date(Date.now() - 3_600_000)));
  await time('services last hour (raw logs, before)', () =>
    pool.query(`SELECT service_id, level::text AS level, count(*)::int AS count FROM logs WHERE "timestamp" >= $1 GROUP BY 1, 2`, [
      new Date(Date.now() - 3_600_000),
    ]),
  );
}

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  const pool = new Pool({ connectionString: database.url, max: 6 });
  try {
    await applyPendingMigrations(database.url);
    await insertCost(pool);
    if (QUERY_ROWS > 0) await queryLatency(pool);
  } finally {
    await pool.end();
    await database.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
