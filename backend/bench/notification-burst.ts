// A burst of incidents, notified to a healthy Slack channel, first alone and then next to a
// webhook that never answers (a "black hole"): how late the healthy channel's messages are in
// each case. Part of `npm run bench`; alone:
//   npm run build && node dist/bench/notification-burst.js
// Env: BENCH_DATABASE_URL (else a throw-away embedded PostgreSQL), BURST_INCIDENTS (300).
import bcrypt from 'bcrypt';
import { createServer, type ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { startAppProcess, type AppProcess } from '../test/support/app-process';
import { percentile, startBenchDatabase } from './bench-env';

/** The issue this answers: after a 300-incident burst only 100 of 300 reached Slack within 60 s. */
const DEADLINE_MS = 60_000;
const CREATE_CONCURRENCY = 10;

export interface BurstResult {
  delivered: number;
  deliveredWithin60s: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Loopback receiver: /healthy answers 200 at once, /black-hole never answers. */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/black-hole') {
        hanging.add(response);
        return;
      }
      const incidentId = /Incident `([0-9a-f-]{36})`/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
      if (incidentId && !arrivals.has(incidentId)) arrivals.set(incidentId, performance.now());
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    arrivals,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function api(app: AppProcess, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(app.baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Creates `incidents` incidents (10 requests at a time) and waits for the healthy channel. */
async function burst(app: AppProcess, token: string, incidents: number, blackHole: boolean): Promise<BurstResult> {
  const receiver = await startReceiver();
  const channels: string[] = [];
  const addChannel = async (type: string, url: string) =>
    channels.push((await api(app, token, 'POST', '/notification-channels', { name: url, type, url, events: ['incident.opened'] })).id);
  try {
    if (blackHole) await addChannel('WEBHOOK', receiver.url('/black-hole'));
    await addChannel('SLACK', receiver.url('/healthy'));
    const created = new Map<string, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CREATE_CONCURRENCY }, async () => {
        while (next < incidents) {
          const i = next++;
          const incident = await api(app, token, 'POST', '/incidents', {
            title: `burst ${i}`,
            severity: 'HIGH',
            service_id: 'bench-burst',
          });
          created.set(incident.id, performance.now());
        }
      }),
    );
    const deadline = performance.now() + DEADLINE_MS;
    while (receiver.arrivals.size < incidents && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const latencies = [...created].map(([id, at]) => (receiver.arrivals.get(id) ?? Infinity) - at);
    const delivered = latencies.filter(Number.isFinite);
    return {
      delivered: delivered.length,
      deliveredWithin60s: latencies.filter((ms) => ms <= DEADLINE_MS).length,
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
      maxMs: Math.round(Math.max(...latencies)),
    };
  } finally {
    // Deleting a channel deletes its deliveries: the black hole's retries end here.
    for (const id of channels) await api(app, token, 'DELETE', `/notification-channels/${id}`);
    await receiver.stop();
  }
}

/**
 * The healthy channel's time-to-deliver (incident created -> Slack message received) for the
 * same burst without and with a black-hole channel, in flat result keys. The app must allow
 * private webhooks (the receivers are on 127.0.0.1) and run with its default timeouts.
 */
export async function measureNotificationBurst(app: AppProcess, token: string, incidents: number): Promise<Record<string, number>> {
  // Unmeasured: the first burst of a fresh process also pays for warming up its code paths.
  await burst(app, token, Math.min(50, incidents), false);
  const alone = await burst(app, token, incidents, false);
  const withBlackHole = await burst(app, token, incidents, true);
  const flat = (prefix: string, r: BurstResult) => ({
    [`${prefix}_p50_ms`]: r.p50Ms,
    [`${prefix}_p95_ms`]: r.p95Ms,
    [`${prefix}_max_ms`]: r.maxMs,
    [`${prefix}_within_60s`]: r.deliveredWithin60s,
  });
  return {
    notify_burst_incidents: incidents,
    ...flat('notify_burst_alone', alone),
    ...flat('notify_burst_with_black_hole', withBlackHole),
    // 1.0: the black hole costs the healthy channel nothing.
    notify_burst_black_hole_p95_ratio: Math.round((withBlackHole.p95Ms / Math.max(1, alone.p95Ms)) * 100) / 100,
  };
}

async function main(): Promise<void> {
  const incidents = Number(process.env.BURST_INCIDENTS ?? 300);
  const db = await startBenchDatabase();
  await applyPendingMigrations(db.url);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  let app: AppProcess | undefined;
  try {
    const admin = { email: 'bench-burst@example.test', password: 'bench-password-123' };
    await pool.query(
      `INSERT INTO users (id, email, password_hash, role, active, updated_at) VALUES (gen_random_uuid(), $1, $2, 'ADMIN', true, now())
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'ADMIN', active = true`,
      [admin.email, await bcrypt.hash(admin.password, 10)],
    );
    app = await startAppProcess({ DATABASE_URL: db.url, ALLOW_PRIVATE_WEBHOOKS: 'true' });
    const login = await fetch(`${app.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    console.table(await measureNotificationBurst(app, token, incidents));
  } finally {
    await app?.stop('SIGKILL');
    await pool.end();
    await db.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
