import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { startEmbeddedPostgres } from '../src/dev-database/embedded-postgres';
import { freePort } from '../src/dev-database/free-port';
import { LogCountCompactionService } from '../src/logs/log-count-compaction.service';
import { LogCountsRepository } from '../src/logs/log-counts.repository';

/** The benchmarks' own plumbing: their database, statistics, data sets. */

export interface BenchDatabase {
  url: string;
  dataDir?: string;
  stop(): Promise<void>;
}

/** BENCH_DATABASE_URL when given, else a throw-away embedded PostgreSQL. */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { url: given, stop: async () => undefined };
  const dataDir = await mkdtemp(join(tmpdir(), 'incident-platform-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' });
  return {
    url: pg.url,
    dataDir,
    async stop() {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * For app processes whose detection trials must each open an incident of their own. The default
 * rule opens at most 10 incidents a minute and groups further services into a storm; the
 * benchmarks cross it with 20 fresh services within a minute to time the path from a log to
 * its incident, not the storm grouping, so the cap is lifted.
 */
export const UNCAPPED_DETECTION_ENV = { DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE: '1000' };

// Shared with the chaos tests, which must not import the benchmarks.
export { median, percentile } from '../test/support/percentiles';

/**
 * Folds the per-minute count deltas that a bulk load left (the insert trigger writes one per
 * minute, service and level of each statement), as the app's compaction job would within
 * seconds of normal traffic, so that queries are measured on the steady state.
 */
export async function compactLogCounts(pool: Pool): Promise<void> {
  await new LogCountCompactionService(pool, new LogCountsRepository(pool)).compact();
}

/**
 * The query-phase data set of `npm run bench` (and bench/log-counts.ts): 50 services, levels
 * DEBUG..ERROR, five message shapes with a number in each (so some words are common and some
 * unique), random times over the last 3 days. The count deltas are left for the caller to compact.
 */
export async function insertQueryDataset(pool: Pool, rows: number, log: (message: string) => void): Promise<void> {
  await pool.query(`SELECT ensure_log_partitions(current_date - 3, current_date + 1)`);
  const chunk = 500_000;
  for (let start = 0; start < rows; start += chunk) {
    const end = Math.min(rows, start + chunk);
    await pool.query(
      `INSERT INTO logs ("timestamp", service_id, level, message, metadata)
       SELECT now() - random() * interval '3 days',
              'svc-' || (i % 50),
              (ARRAY['DEBUG','INFO','INFO','INFO','WARN','ERROR'])[1 + i % 6]::"LogLevel",
              (ARRAY['upstream timeout after ','user logged in id ','retrying payment ','cache miss for key ','order shipped '])[1 + i % 5] || i,
              jsonb_build_object('request_id', md5(i::text), 'shard', i % 16)
       FROM generate_series($1::bigint, $2::bigint) AS i`,
      [start, end - 1],
    );
    log(`  loaded ${end.toLocaleString()} / ${rows.toLocaleString()} rows`);
  }
}
