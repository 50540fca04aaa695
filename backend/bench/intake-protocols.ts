// Throughput of the shipper intakes against /ingest batches, measured in the same run and in
// alternating rounds (the machine is noisy: each round's three phases see the same neighbours).
// Used by run.ts; alone: `npm run build && node dist/bench/intake-protocols.js` (INTAKE_SECONDS, INTAKE_ROUNDS).
import { connect } from 'node:net';
import bcrypt from 'bcrypt';
import { Pool } from 'pg';
import { compress } from 'snappyjs';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { freePort } from '../src/dev-database/free-port';
import { startAppProcess } from '../test/support/app-process';
import { lokiPushProtobuf } from '../test/support/loki-push-writer';
import { median, startBenchDatabase } from './bench-env';
import { loadTest } from './load';

const LOGS_PER_REQUEST = 100;
const LINE = 'Payment gateway answered in 182ms for transaction tx_8f2a91c4 (attempt 1)';
// As many senders as the /ingest batch phase has connections.
const CONNECTIONS = 20;

export interface IntakeTarget {
  baseUrl: string;
  syslogPort: number;
  apiKey: string;
  pool: Pool;
}

const countRows = async (pool: Pool, service: string) =>
  Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM logs WHERE service_id = $1', [service])).rows[0]!.n);

async function ingestBatches(target: IntakeTarget, service: string, seconds: number): Promise<number> {
  const body = JSON.stringify(
    Array.from({ length: LOGS_PER_REQUEST }, () => ({
      service_id: service,
      level: 'INFO',
      message: LINE,
      metadata: { region: 'eu-west-1' },
    })),
  );
  const result = await loadTest({
    url: `${target.baseUrl}/ingest`,
    body,
    headers: { 'x-api-key': target.apiKey },
    connections: CONNECTIONS,
    durationSeconds: seconds,
  });
  return result.requestsPerSecond * LOGS_PER_REQUEST;
}

async function lokiPushes(target: IntakeTarget, service: string, seconds: number): Promise<number> {
  const nanos = String(BigInt(Date.now()) * 1_000_000n);
  const body = Buffer.from(
    compress(
      lokiPushProtobuf([
        {
          stream: { service_name: service, region: 'eu-west-1', level: 'info' },
          values: Array.from({ length: LOGS_PER_REQUEST }, () => [nanos, LINE] as [string, string]),
        },
      ]),
    ),
  );
  const result = await loadTest({
    url: `${target.baseUrl}/loki/api/v1/push`,
    body: body as unknown as string,
    headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/x-protobuf' },
    connections: CONNECTIONS,
    durationSeconds: seconds,
  });
  return result.requestsPerSecond * LOGS_PER_REQUEST;
}

/** Senders writing octet-counted RFC 5424 as fast as TCP lets them; the rate is what got committed meanwhile. */
async function syslogTcp(target: IntakeTarget, service: string, seconds: number): Promise<number> {
  const message = `<14>1 2026-01-24T10:00:00Z bench ${service} - - [auth@32473 key="${target.apiKey}"][o@32473 region="eu-west-1"] ${LINE}`;
  const frame = `${Buffer.byteLength(message)} ${message}`;
  const chunk = Buffer.from(frame.repeat(200));
  const before = await countRows(target.pool, service);
  let running = true;
  const senders = Array.from({ length: CONNECTIONS }, () => {
    const socket = connect(target.syslogPort, '127.0.0.1');
    socket.on('error', () => undefined);
    const pump = () => {
      while (running && socket.write(chunk));
    };
    socket.on('connect', pump);
    socket.on('drain', pump);
    return socket;
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = await countRows(target.pool, service);
  running = false;
  for (const socket of senders) socket.end();
  // What the senders wrote is still in the sockets' kernel buffers (megabytes on loopback) and is
  // committed after they stop: wait for it, so that it does not share the CPU with the next phase.
  for (let last = -1, now = after; now !== last; await new Promise((resolve) => setTimeout(resolve, 1000))) {
    last = now;
    now = await countRows(target.pool, service);
  }
  return Math.round((after - before) / seconds);
}

export async function measureIntakeProtocols(target: IntakeTarget, seconds: number, rounds: number, log: (message: string) => void) {
  const ingest: number[] = [];
  const loki: number[] = [];
  const syslog: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    log(
      `intake round ${round}/${rounds}: /ingest batches, Loki push (snappy protobuf), syslog TCP; ${CONNECTIONS} connections, ${seconds} s each`,
    );
    ingest.push(await ingestBatches(target, `bench-intake-ingest`, seconds));
    loki.push(await lokiPushes(target, `bench-intake-loki`, seconds));
    syslog.push(await syslogTcp(target, `bench-intake-syslog`, seconds));
  }
  const round2 = (value: number) => Math.round(value * 100) / 100;
  return {
    intake_ingest_batch_logs_per_s: median(ingest),
    intake_loki_push_logs_per_s: median(loki),
    intake_syslog_tcp_logs_per_s: median(syslog),
    intake_loki_ratio_to_ingest: round2(median(loki) / median(ingest)),
    intake_syslog_ratio_to_ingest: round2(median(syslog) / median(ingest)),
    intake_rounds: `ingest ${ingest.join('/')}, loki ${loki.join('/')}, syslog ${syslog.join('/')}`,
  };
}

async function main(): Promise<void> {
  const db = await startBenchDatabase();
  await applyPendingMigrations(db.url);
  const pool = new Pool({ connectionString: db.url, max: 4 });
  const syslogPort = await freePort();
  const admin = { email: 'bench-admin@example.test', password: 'bench-password-123' };
  await pool.query(
    `INSERT INTO users (id, email, password_hash, role, active, updated_at) VALUES (gen_random_uuid(), $1, $2, 'ADMIN', true, now())`,
    [admin.email, await bcrypt.hash(admin.password, 10)],
  );
  const app = await startAppProcess({ DATABASE_URL: db.url, SYSLOG_PORT: String(syslogPort), SYSLOG_HOST: '127.0.0.1' });
  try {
    const post = async (path: string, body: unknown, token?: string) =>
      (
        await fetch(app.baseUrl + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        })
      ).json() as Promise<Record<string, string>>;
    const token = (await post('/auth/login', admin)).access_token;
    const apiKey = (await post('/api-keys', { name: 'bench-intake' }, token)).key!;
    const results = await measureIntakeProtocols(
      { baseUrl: app.baseUrl, syslogPort, apiKey, pool },
      Number(process.env.INTAKE_SECONDS ?? 10),
      Number(process.env.INTAKE_ROUNDS ?? 3),
      (message) => console.log(`[intake ${new Date().toISOString().slice(11, 19)}] ${message}`),
    );
    console.table(results);
  } finally {
    await app.stop();
    await pool.end();
    await db.stop();
  }
}

if (process.argv[1]?.endsWith('intake-protocols.js')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
