// Quick load check of POST /ingest (the full benchmark is `npm run bench`):
//   npm run build && node dist/bench/ingest-quick.js
// Starts the compiled app as its own process on a throw-away embedded PostgreSQL (or
// BENCH_DATABASE_URL), drives it with autocannon and checks that every 201 is a row.
// Env: QUICK_SECONDS (10), QUICK_CONNECTIONS (100), QUICK_PATH (/ingest: the route the single-log phase posts to), QUICK_BATCH (100 logs per request in the
// batch phase; 0 skips it), QUICK_TAIL_CLIENTS (0: live-tail clients reading GET /logs/tail during both phases) with
// QUICK_TAIL_QUERY (their filter, e.g. ?min_level=ERROR; default none), APP_NODE_ARGS (node flags for the app), and any
// app setting (INGEST_WRITERS, INGEST_BATCH_MAX_ROWS, DB_POOL_SIZE...).
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Pool } from 'pg';
import bcrypt from 'bcrypt';
import { generateApiKey } from '../src/api-keys/api-key-secret';
import { freePort } from '../src/dev-database/free-port';
import { startBenchDatabase } from './bench-env';
import { openTailClient, type TailClient } from './log-tail';

const SECONDS = Number(process.env.QUICK_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.QUICK_CONNECTIONS ?? 100);
const BATCH = Number(process.env.QUICK_BATCH ?? 100);
const PATH = process.env.QUICK_PATH ?? '/ingest';
const TAIL_CLIENTS = Number(process.env.QUICK_TAIL_CLIENTS ?? 0);
const TAIL_QUERY = process.env.QUICK_TAIL_QUERY ?? '';

function log(service: string, level = 'INFO') {
  return {
    service_id: service,
    level,
    message: 'Payment gateway answered in 182ms for transaction tx_8f2a91c4 (attempt 1)',
    metadata: { transaction_id: 'tx_8f2a91c4', region: 'eu-west-1', amount_cents: 1299 },
  };
}

async function startApp(databaseUrl: string): Promise<{ child: ChildProcess; baseUrl: string; rssMb(): Promise<number> }> {
  const port = await freePort();
  const main = resolve(dirname(process.argv[1]!), '../src/main.js');
  // APP_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the app under load.
  const nodeArgs = (process.env.APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      JWT_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}`);
    if (
      await fetch(`${baseUrl}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      return {
        child,
        baseUrl,
        async rssMb() {
          const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
          return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
        },
      };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('app not ready within 60 s');
}

const TICKS_PER_MS = 100 / 1000; // USER_HZ: /proc times are in 1/100 s

/** CPU time (ms) used so far by a process and, with `children`, by the processes it started (PostgreSQL backends). */
async function cpuMs(pid: number, children = false): Promise<number> {
  const times = async (p: number) => {
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ms: (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / TICKS_PER_MS };
  };
  let total = (await times(pid)).ms;
  if (children) {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const t = await times(Number(entry));
      if (t.ppid === pid) total += t.ms;
    }
  }
  return total;
}

async function postmasterPid(dataDir: string | undefined): Promise<number | undefined> {
  if (!dataDir) return undefined;
  const text = await readFile(`${dataDir}/pg/postmaster.pid`, 'utf8').catch(() => '');
  return Number(text.split('\n')[0]) || undefined;
}

async function run(url: string, apiKey: string, body: unknown) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 10,
  });
  return {
    reqPerS: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** QUICK_TAIL_CLIENTS live-tail clients, signed in as a user created for the run. */
async function openTails(baseUrl: string, pool: Pool): Promise<TailClient[]> {
  if (TAIL_CLIENTS <= 0) return [];
  const email = `bench-tail-${randomBytes(3).toString('hex')}@example.test`;
  const password = randomBytes(12).toString('hex');
  await pool.query(
    `INSERT INTO users (id, email, password_hash, role, active, updated_at) VALUES (gen_random_uuid(), $1, $2, 'VIEWER', true, now())`,
    [email, await bcrypt.hash(password, 10)],
  );
  const login = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  return Promise.all(Array.from({ length: TAIL_CLIENTS }, () => openTailClient(baseUrl, token, TAIL_QUERY)));
}

/** Lines each tail client received (and was told it skipped) since the previous report. */
function reportTails(tails: TailClient[]): void {
  if (tails.length === 0) return;
  const counts = tails.map((tail) => `${tail.lines}+${tail.skipped} skipped`);
  console.log(`  ${tails.length} tail clients${TAIL_QUERY ? ` (${TAIL_QUERY})` : ''}: ${counts.join(', ')}`);
  for (const tail of tails) tail.lines = tail.skipped = 0;
}

async function main() {
  const database = await startBenchDatabase();
  const app = await startApp(database.url);
  const pool = new Pool({ connectionString: database.url, max: 2 });
  try {
    const { key, prefix, hash } = generateApiKey();
    await pool.query(`INSERT INTO api_keys (id, name, prefix, key_hash) VALUES (gen_random_uuid(), 'bench', $1, $2)`, [prefix, hash]);
    const rowsOf = async (service: string) =>
      Number((await pool.query('SELECT count(*) FROM logs WHERE service_id = $1', [service])).rows[0].count);

    // Warm-up: JIT, connections, partitions.
    await run(`${app.baseUrl}${PATH}`, key, log('warmup'));
    const tails = await openTails(app.baseUrl, pool);

    const postgres = await postmasterPid(database.dataDir);
    const cpu = async () => ({
      app: await cpuMs(app.child.pid!),
      pg: postgres ? await cpuMs(postgres, true) : NaN,
      bench: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
    });
    const perRequest = (before: Awaited<ReturnType<typeof cpu>>, after: Awaited<ReturnType<typeof cpu>>, requests: number) =>
      `CPU per request: app ${(((after.app - before.app) / requests) * 1000).toFixed(0)} µs, PostgreSQL ${(((after.pg - before.pg) / requests) * 1000).toFixed(0)} µs, autocannon ${(((after.bench - before.bench) / requests) * 1000).toFixed(0)} µs`;

    const single = `single-${randomBytes(3).toString('hex')}`;
    const cpuBefore = await cpu();
    const one = await run(`${app.baseUrl}${PATH}`, key, log(single));
    const cpuAfter = await cpu();
    const rssUnderLoad = await app.rssMb();
    const singleRows = await rowsOf(single);
    // autocannon does not count answers still in flight when it stops: rows may exceed the 201s by up to one per connection.
    const verdict = (rows: number, acknowledged: number, perRequest: number) =>
      rows < acknowledged
        ? `LOST ${acknowledged - rows}`
        : `every 201 stored; +${rows - acknowledged} rows from requests in flight at the stop (<= ${CONNECTIONS * perRequest})`;
    console.log(
      `single-log: ${one.reqPerS} req/s, p50 ${one.p50Ms} ms, p99 ${one.p99Ms} ms, 201s ${one.ok}, non-2xx ${one.non2xx}, errors ${one.errors}, rows ${singleRows}: ${verdict(singleRows, one.ok, 1)}; RSS ${rssUnderLoad} MB`,
    );
    console.log(`  ${perRequest(cpuBefore, cpuAfter, one.ok)}`);
    reportTails(tails);

    if (BATCH <= 0) return;
    const batched = `batch-${randomBytes(3).toString('hex')}`;
    const batchCpuBefore = await cpu();
    const many = await run(`${app.baseUrl}/ingest`, key, { logs: Array.from({ length: BATCH }, () => log(batched)) });
    const batchCpuAfter = await cpu();
    const batchRows = await rowsOf(batched);
    console.log(
      `batch of ${BATCH}: ${many.reqPerS * BATCH} logs/s (${many.reqPerS} req/s), p50 ${many.p50Ms} ms, p99 ${many.p99Ms} ms, non-2xx ${many.non2xx}, rows ${batchRows}: ${verdict(batchRows, many.ok * BATCH, BATCH)}`,
    );
    console.log(`  ${perRequest(batchCpuBefore, batchCpuAfter, many.ok * BATCH).replace('per request', 'per log')}`);
    reportTails(tails);
    tails.forEach((tail) => tail.close());
  } finally {
    await pool.end();
    app.child.kill('SIGTERM');
    await new Promise((r) => app.child.once('exit', r));
    await database.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
