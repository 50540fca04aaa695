// Gzip ingest and sign-in latency while 32 clients guess passwords as fast as they are answered:
//   npm run build && node dist/bench/login-contention.js
// bcrypt and zlib share libuv's thread pool; this compares unbounded hashing (as before the
// hash gate), a bigger pool, and the gate at 1 and 2 hashes at a time. Each variant runs the
// compiled app as its own process on one throw-away embedded PostgreSQL (or BENCH_DATABASE_URL).
// Loopback only: the 32 clients are 32 source addresses in 127.0.20.0/24.
// Env: CONTENTION_SECONDS (15, the flood per variant), CONTENTION_VARIANTS (all; comma-separated names).
import bcrypt from 'bcrypt';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Pool } from 'pg';
import { generateApiKey } from '../src/api-keys/api-key-secret';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { startAppProcess, type AppProcess } from '../test/support/app-process';
import { median, startBenchDatabase } from './bench-env';

const FLOOD_SECONDS = Number(process.env.CONTENTION_SECONDS ?? 15);
const CLIENTS = 32;
const USER = { email: 'contention@example.test', password: 'contention-password-1' };
// The address budget would stop each flooding client after 20 guesses: lifted here so that
// the flood keeps every hash slot busy and what is measured is the hash gate alone.
const NO_ADDRESS_BUDGET = { LOGIN_ADDRESS_MAX_PER_MINUTE: '100000', LOGIN_ACCOUNT_MAX_ATTEMPTS: '10000' };
const VARIANTS: { name: string; env: Record<string, string> }[] = [
  { name: 'unbounded', env: { PASSWORD_HASH_CONCURRENCY: '64' } },
  { name: 'unbounded-pool16', env: { PASSWORD_HASH_CONCURRENCY: '64', UV_THREADPOOL_SIZE: '16' } },
  { name: 'gate1', env: { PASSWORD_HASH_CONCURRENCY: '1' } },
  { name: 'gate2', env: { PASSWORD_HASH_CONCURRENCY: '2' } },
];

interface Answer {
  status: number;
  ms: number;
}

function post(app: AppProcess, path: string, body: Buffer | string, headers: Record<string, string>, localAddress = '127.0.0.1') {
  return new Promise<Answer>((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port: app.port,
        path,
        method: 'POST',
        localAddress,
        agent: false,
        headers: { ...headers, 'content-length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const login = (app: AppProcess, from: string, email: string, password: string) =>
  post(app, '/auth/login', JSON.stringify({ email, password }), { 'content-type': 'application/json' }, from);

function gzippedLogs(): Buffer {
  const logs = Array.from({ length: 1000 }, (_, i) => ({
    service_id: 'contention',
    level: 'INFO',
    message: `Payment gateway answered in ${(i * 7919) % 1000}ms for transaction tx_${(i * 104_729).toString(36)} (attempt ${i % 3})`,
    metadata: { transaction_id: `tx_${i}`, region: 'eu-west-1', amount_cents: (i * 31) % 5000 },
  }));
  return gzipSync(JSON.stringify(logs));
}

async function measure(name: string, app: AppProcess, apiKey: string, variantIndex: number) {
  const body = gzippedLogs();
  const ingest = () => post(app, '/ingest', body, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-api-key': apiKey });
  const known = `127.0.21.${variantIndex + 1}`;
  const quiet = { ingestMs: [] as number[], loginMs: [] as number[] };
  for (let i = 0; i < 3; i++) {
    quiet.ingestMs.push((await ingest()).ms);
    quiet.loginMs.push((await login(app, known, USER.email, USER.password)).ms);
  }

  let flooding = true;
  const statuses: Record<number, number> = {};
  const flood = Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      // A new email each time, so the per-email limits never stop the flood.
      for (let n = 0; flooding; n++) {
        const { status } = await login(app, `127.0.20.${i + 1}`, `guess-${variantIndex}-${i}-${n}@example.test`, 'a-guess-at-random');
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // Three samplers side by side until the deadline, each sending its next request when the last is answered.
  const deadline = Date.now() + (FLOOD_SECONDS - 1) * 1000;
  // The flood stops at the deadline even if a sample is still waiting: a run stays bounded, and a
  // sample that took until then (unbounded hashing) is reported as such, not measured to its end.
  const stop = setTimeout(() => (flooding = false), deadline - Date.now());
  const sample = async (send: (n: number) => Promise<Answer>) => {
    const samples: number[] = [];
    // Negative: refused with that status.
    for (let n = 0; Date.now() < deadline; n++) {
      const answer = await send(n);
      samples.push(answer.status < 300 ? answer.ms : -answer.status);
    }
    return samples;
  };
  const [ingestMs, knownLoginMs, newLoginMs] = await Promise.all([
    sample(() => ingest()),
    sample(() => login(app, known, USER.email, USER.password)),
    sample((n) => login(app, `127.0.${22 + variantIndex}.${n + 1}`, USER.email, USER.password)),
  ]);
  clearTimeout(stop);
  flooding = false;
  await flood;
  const summary = (values: number[]) => {
    const answered = values.filter((v) => v >= 0);
    return {
      answered: answered.length,
      refused: values.length - answered.length,
      median_ms: Math.round(median(answered)),
      max_ms: Math.round(Math.max(...answered)),
      until_flood_stopped: answered.some((v) => v >= (FLOOD_SECONDS - 1) * 1000),
    };
  };
  return {
    variant: name,
    quiet: { ingest_ms_median: Math.round(median(quiet.ingestMs)), login_ms_median: Math.round(median(quiet.loginMs)) },
    flood: {
      ingest: summary(ingestMs),
      known_address_login: summary(knownLoginMs),
      new_address_login: summary(newLoginMs),
      guesses_by_status: statuses,
    },
  };
}

async function main(): Promise<void> {
  const chosen = process.env.CONTENTION_VARIANTS?.split(',');
  const db = await startBenchDatabase();
  await applyPendingMigrations(db.url);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    await pool.query(
      `INSERT INTO users (id, email, password_hash, role, active, updated_at) VALUES (gen_random_uuid(), $1, $2, 'VIEWER', true, now())`,
      [USER.email, await bcrypt.hash(USER.password, 12)],
    );
    const { key, prefix, hash } = generateApiKey();
    await pool.query(`INSERT INTO api_keys (id, name, prefix, key_hash) VALUES (gen_random_uuid(), 'contention', $1, $2)`, [prefix, hash]);
    for (const [index, variant] of VARIANTS.entries()) {
      if (chosen && !chosen.includes(variant.name)) continue;
      const app = await startAppProcess({ DATABASE_URL: db.url, ...NO_ADDRESS_BUDGET, ...variant.env });
      try {
        console.log(JSON.stringify(await measure(variant.name, app, key, index)));
      } finally {
        await app.stop();
      }
    }
  } finally {
    await pool.end();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
