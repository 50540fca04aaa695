// 1,000 open incidents escalating: how late each step is (visible in the outbox vs its due
// time) and what the escalation work costs single-log ingest running at the same time. Part of
// `npm run bench`; alone:
//   npm run build && node dist/bench/escalation-load.js
// Env: BENCH_DATABASE_URL (else a throw-away embedded PostgreSQL), ESCALATION_INCIDENTS (1000),
// BENCH_DURATION_S (15, seconds per ingest run).
import bcrypt from 'bcrypt';
import { Pool } from 'pg';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { startAppProcess, type AppProcess } from '../test/support/app-process';
import { median, percentile, startBenchDatabase } from './bench-env';
import { loadTest } from './load';

const CREATE_CONCURRENCY = 10;
/** The shortest wait a policy allows: step 2 comes due one minute after step 1. */
const WAIT_MS = 60_000;
const POLL_MS = 50;
const SERVICE = `bench-escalation-${Date.now().toString(36)}`;

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

interface Page {
  incidentId: string;
  step: number;
  takenAt: number;
  seenAt: number;
}

/**
 * Notes when each `incident.escalated` event became visible: the outbox trigger NOTIFYs on
 * commit, so the notification's arrival is the commit (to within the LISTEN connection's
 * latency). Polling the table instead cost the database more than the runner being measured,
 * and added its own query time to every lateness. Steps are read by primary key for the new
 * ids only, every POLL_MS.
 */
async function watchPages(pool: Pool) {
  const pages = new Map<string, Page>();
  const unread = new Map<string, { incidentId: string; seenAt: number }>();
  const listener = await pool.connect();
  listener.on('notification', (message) => {
    const event = JSON.parse(message.payload ?? '{}') as { id: string; type: string; incident_id: string };
    if (event.type === 'incident.escalated') unread.set(event.id, { incidentId: event.incident_id, seenAt: Date.now() });
  });
  await listener.query('LISTEN incident_events');
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const batch = [...unread.entries()];
      unread.clear();
      if (batch.length > 0) {
        const { rows } = await pool.query<{ id: string; step: number; created_at: Date }>(
          `SELECT id, (payload->'data'->>'step')::int AS step, created_at FROM outbox_events WHERE id = ANY ($1::uuid[])`,
          [batch.map(([id]) => id)],
        );
        const seen = new Map(batch);
        for (const row of rows) {
          const { incidentId, seenAt } = seen.get(row.id)!;
          pages.set(row.id, { incidentId, step: row.step, takenAt: row.created_at.getTime(), seenAt });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return {
    ofStep: (step: number) => [...pages.values()].filter((page) => page.step === step),
    async stop() {
      stopped = true;
      await loop;
      await listener.query('UNLISTEN incident_events').catch(() => undefined);
      listener.release();
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`escalation bench: ${what} not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ingestRun = (app: AppProcess, apiKey: string, seconds: number) =>
  loadTest({
    url: `${app.baseUrl}/ingest`,
    body: JSON.stringify({
      service_id: `${SERVICE}-ingest`,
      level: 'INFO',
      message: 'Payment gateway answered in 182ms',
      metadata: { region: 'eu' },
    }),
    headers: { 'x-api-key': apiKey },
    connections: 100,
    durationSeconds: seconds,
  });

/**
 * Ingest alone, then 1,000 incidents opened under a 3-step policy (1-minute waits) with the
 * same ingest load running across their step-2 burst, then ingest alone again (policy deleted).
 * Lateness = when a step's outbox event became visible minus when it was due (step 1: the
 * incident's opening; step 2: step 1's time + the wait).
 */
export async function measureEscalationLoad(
  app: AppProcess,
  pool: Pool,
  token: string,
  apiKey: string,
  options: { incidents: number; seconds: number },
): Promise<Record<string, number>> {
  const { id: userId } = (await api(app, token, 'GET', '/auth/me')) as { id: string };
  const windows: Array<{ from: number; to: number }> = [];
  const timedRun = async () => {
    const from = Date.now();
    const result = await ingestRun(app, apiKey, options.seconds);
    windows.push({ from, to: Date.now() });
    return result;
  };
  const before = await timedRun();

  const policy = await api(app, token, 'POST', '/escalation-policies', {
    name: `bench ${SERVICE}`,
    service_ids: [SERVICE],
    steps: [1, 2, 3].map(() => ({ wait_minutes: WAIT_MS / 60_000, targets: [{ type: 'USER', id: userId }] })),
  });
  const watcher = await watchPages(pool);
  const openedAt = new Map<string, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      while (next < options.incidents) {
        const i = next++;
        const incident = await api(app, token, 'POST', '/incidents', { title: `escalating ${i}`, severity: 'HIGH', service_id: SERVICE });
        openedAt.set(incident.id, new Date(incident.created_at).getTime());
      }
    }),
  );
  let measured: Record<string, number>;
  let during: Awaited<ReturnType<typeof ingestRun>>;
  try {
    await waitFor(() => watcher.ofStep(1).length >= options.incidents, 60_000, 'every step 1');
    const step1 = watcher.ofStep(1);
    const step1Taken = new Map(step1.map((page) => [page.incidentId, page.takenAt]));
    // Ingest load centred on the step-2 burst (all due within the seconds the openings took).
    const firstDue = Math.min(...step1.map((page) => page.takenAt)) + WAIT_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstDue - Date.now() - (options.seconds * 1000) / 2)));
    during = await timedRun();
    await waitFor(() => watcher.ofStep(2).length >= options.incidents, 60_000, 'every step 2');
    const late1 = step1.map((page) => page.seenAt - openedAt.get(page.incidentId)!);
    const late2 = watcher.ofStep(2).map((page) => page.seenAt - (step1Taken.get(page.incidentId)! + WAIT_MS));
    measured = {
      escalation_incidents: options.incidents,
      escalation_step1_late_p50_ms: Math.round(percentile(late1, 50)),
      escalation_step1_late_p95_ms: Math.round(percentile(late1, 95)),
      escalation_step2_late_p50_ms: Math.round(percentile(late2, 50)),
      escalation_step2_late_p95_ms: Math.round(percentile(late2, 95)),
      escalation_step2_late_max_ms: Math.round(Math.max(...late2)),
      // The part of the lateness before the runner took the step (its clock at the batch's start).
      escalation_step2_taken_late_p95_ms: Math.round(
        percentile(
          watcher.ofStep(2).map((page) => page.takenAt - (step1Taken.get(page.incidentId)! + WAIT_MS)),
          95,
        ),
      ),
      escalation_pages_doubled: watcher.ofStep(1).length + watcher.ofStep(2).length - 2 * options.incidents,
    };
  } finally {
    await watcher.stop();
    // Deleting the policy stops the 1,000 escalations (their timers go with it).
    await api(app, token, 'DELETE', `/escalation-policies/${policy.id}`);
  }
  // Ingest alone before and after, averaged: the box drifts by more than the 5 % being measured.
  const after = await timedRun();
  const baseline = Math.round((before.requestsPerSecond + after.requestsPerSecond) / 2);
  const perSecond = await ingestPerSecond(pool, windows);
  const burstSeconds = new Set(watcher.ofStep(2).map((page) => Math.floor(page.takenAt / 1000)));
  const inBurst = perSecond.during.filter(({ second }) => burstSeconds.has(second)).map(({ logs }) => logs);
  const alone = [...perSecond.before, ...perSecond.after].map(({ logs }) => logs);
  return {
    ...measured,
    escalation_ingest_before_req_per_s: before.requestsPerSecond,
    escalation_ingest_after_req_per_s: after.requestsPerSecond,
    escalation_ingest_baseline_req_per_s: baseline,
    escalation_ingest_during_req_per_s: during.requestsPerSecond,
    escalation_ingest_ratio: Math.round((during.requestsPerSecond / Math.max(1, baseline)) * 100) / 100,
    // The seconds in which the step-2 pages were taken, against the seconds of ingest alone.
    escalation_ingest_burst_seconds: inBurst.length,
    escalation_ingest_burst_ratio: inBurst.length ? Math.round((median(inBurst) / Math.max(1, median(alone))) * 100) / 100 : -1,
  };
}

/**
 * Logs committed per whole second of each ingest run (by their received_at), leaving out each
 * run's first and last second (ramp-up, ramp-down): shows where in a run the rate dipped.
 * In the 2026-11-27 runs the 15 s window's dip came before the first page was taken (autovacuum
 * after the 1,000 openings), while the seconds of the page burst ran at the rate alone.
 */
async function ingestPerSecond(pool: Pool, windows: Array<{ from: number; to: number }>) {
  const { rows } = await pool.query<{ second: string; logs: number }>(
    `SELECT floor(extract(epoch FROM received_at))::bigint AS second, count(*)::int AS logs FROM logs
      WHERE service_id = $1 AND received_at >= $2 GROUP BY 1 ORDER BY 1`,
    [`${SERVICE}-ingest`, new Date(windows[0]!.from)],
  );
  const inside = ({ from, to }: { from: number; to: number }) =>
    rows
      .map((row) => ({ second: Number(row.second), logs: row.logs }))
      .filter(({ second }) => second * 1000 > from && (second + 1) * 1000 < to);
  return { before: inside(windows[0]!), during: inside(windows[1]!), after: inside(windows[2]!) };
}

async function main(): Promise<void> {
  const db = await startBenchDatabase();
  await applyPendingMigrations(db.url);
  const pool = new Pool({ connectionString: db.url, max: 3 });
  let app: AppProcess | undefined;
  try {
    const admin = { email: 'bench-escalation@example.test', password: 'bench-password-123' };
    await pool.query(
      `INSERT INTO users (id, email, password_hash, role, active, updated_at) VALUES (gen_random_uuid(), $1, $2, 'ADMIN', true, now())
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'ADMIN', active = true`,
      [admin.email, await bcrypt.hash(admin.password, 10)],
    );
    app = await startAppProcess({ DATABASE_URL: db.url });
    const token = (await api(app, '', 'POST', '/auth/login', admin)).access_token as string;
    const apiKey = (await api(app, token, 'POST', '/api-keys', { name: 'bench-escalation' })).key as string;
    const result = await measureEscalationLoad(app, pool, token, apiKey, {
      incidents: Number(process.env.ESCALATION_INCIDENTS ?? 1000),
      seconds: Number(process.env.BENCH_DURATION_S ?? 15),
    });
    console.table(result);
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
