import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { LogCountCompactionService } from '../src/logs/log-count-compaction.service';
import { LogCountsRepository } from '../src/logs/log-counts.repository';

/** Shared plumbing of the benchmark and the chaos tests: ports, PostgreSQL, app processes. */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

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

export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  output: () => string;
  /** Resident memory of the app process in MB (from /proc). */
  rssMb(): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

// One key for every app process of a run: a restarted app must read the channels it stored.
const RUN_ENCRYPTION_KEY = randomBytes(32).toString('hex');

/** Runs the compiled app (dist/src/main.js) as its own process and waits until it is ready. */
export async function startAppProcess(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<AppProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      JWT_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: RUN_ENCRYPTION_KEY,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited during start (code ${child.exitCode}):\n${output}`);
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app not ready within ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    baseUrl,
    port,
    output: () => output,
    async rssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: number[]) => percentile(values, 50);

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
