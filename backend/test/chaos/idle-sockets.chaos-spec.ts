import { spawn } from 'node:child_process';
import { readdir, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/dev-database/embedded-postgres';
import { freePort } from '../../src/dev-database/free-port';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { percentile } from '../support/percentiles';
import { createApiKey, sleep } from './chaos-support';

// 20,000 idle connections, as in the report (there they exhausted the app's 20,000 file
// descriptors and /health and /ingest got empty replies), from four loopback source addresses
// so that each flood process stays within its own open-file limit.
const FLOOD_ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
const PER_ADDRESS = 5000;
// The defaults under test: 256 connections per address, a 10 s headers timeout checked every second.
const CAP = 256;
const HEADERS_TIMEOUT_MS = 10_000;
// The held ones must all be gone by then: the timeout, the 1 s check interval and a margin.
const HOLD_MS = 25_000;

interface FloodResult {
  localAddress: string;
  connected: number;
  failed: number;
  refused: number;
  timedOut: number;
  /** Since the flood started: first and last. */
  timedOutAfterMs: number[];
  notClosed: number;
}

interface Probe {
  status: number;
  ms: number;
}

/** Runs idle-socket-flood.mjs; `burstOver` resolves once all its connections are made. */
function flood(port: number, localAddress: string) {
  const child = spawn(process.execPath, [
    'test/chaos/idle-socket-flood.mjs',
    '127.0.0.1',
    String(port),
    localAddress,
    String(PER_ADDRESS),
    String(HOLD_MS),
  ]);
  const lines: string[] = [];
  let buffered = '';
  let onBurstOver: (at: number) => void;
  const burstOver = new Promise<number>((resolve) => (onBurstOver = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const line of complete) {
      lines.push(line);
      if (lines.length === 1) onBurstOver(performance.now());
    }
  });
  const result = new Promise<FloodResult>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(lines[1]!) as FloodResult) : reject(new Error(`flood exited ${code}`)))),
  );
  return { burstOver, result };
}

const latencies = (probes: Probe[]) => {
  const ms = probes.map((p) => p.ms);
  return { p50Ms: Math.round(percentile(ms, 50)), maxMs: Math.round(Math.max(...ms)) };
};

/** One request on a connection of its own (Connection: close): new connections must be accepted too. */
function probe(url: string, method: 'GET' | 'POST', headers: Record<string, string> = {}, body?: string): Promise<Probe> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { method, headers: { ...headers, connection: 'close' }, agent: false, timeout: 15_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

describe('20,000 idle connections that never send a byte', () => {
  let dataDir: string;
  let pg: RunningPostgres;
  let app: AppProcess | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chaos-idle-'));
    pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'chaos' });
  });
  afterAll(async () => {
    await app?.stop('SIGTERM');
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('holds at most 256 per address, closes them after the headers timeout, and keeps serving /health and /ingest', async () => {
    app = await startAppProcess({ DATABASE_URL: pg.url });
    const apiKey = await createApiKey(pg.url);
    const pid = app.child.pid!;
    const openFds = async () => (await readdir(`/proc/${pid}/fd`)).length;
    const baselineFds = await openFds();
    const fds: number[] = [];
    const health: Probe[] = [];
    const ingest: Probe[] = [];
    let running = true;

    const floodStarted = performance.now();
    const floods = FLOOD_ADDRESSES.map((address) => flood(app!.port, address));
    const probes = (async () => {
      let sequence = 0;
      while (running) {
        health.push(await probe(`${app!.baseUrl}/health`, 'GET'));
        const log = JSON.stringify({ service_id: 'chaos-idle', level: 'INFO', message: `probe ${sequence++}` });
        ingest.push(await probe(`${app!.baseUrl}/ingest`, 'POST', { 'content-type': 'application/json', 'x-api-key': apiKey }, log));
        await sleep(100);
      }
    })();
    const descriptors = (async () => {
      while (running) {
        fds.push(await openFds());
        await sleep(200);
      }
    })();

    const burstOver = Math.max(...(await Promise.all(floods.map((f) => f.burstOver))));
    const results = await Promise.all(floods.map((f) => f.result));
    running = false;
    await Promise.all([probes, descriptors]);
    // The flood processes have just closed what they still held: give the app a moment to see it.
    let finalFds = await openFds();
    for (let waited = 0; finalFds >= baselineFds + 50 && waited < 5000; waited += 200) {
      await sleep(200);
      finalFds = await openFds();
    }

    const summary = {
      floods: results,
      burstOverAfterMs: Math.round(burstOver - floodStarted),
      baselineFds,
      peakAppFds: Math.max(...fds),
      finalFds,
      probes: health.length + ingest.length,
      health: latencies(health),
      ingest: latencies(ingest),
      statuses: [...new Set([...health, ...ingest].map((p) => p.status))],
    };
    console.log(`idle socket flood: ${JSON.stringify(summary)}`);

    for (const result of results) {
      expect(result.connected + result.failed).toBe(PER_ADDRESS);
      // The cap: the app held up to 256 per address and answered them 408 once the headers
      // timeout (10 s) had passed; any other connection it accepted, it closed without a word.
      expect(result.timedOut).toBeGreaterThan(0);
      expect(result.timedOutAfterMs[0]).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
      expect(result.refused).toBeGreaterThan(0);
    }
    // At most 256 held per address, 4 x 256 in all: far from the 20,000 that ran it out of descriptors...
    expect(summary.peakAppFds).toBeLessThan(baselineFds + 4 * CAP + 100);
    // ...and all of them given back: nothing idle outlives the headers timeout (the margin is
    // the database pool, which grows with the ingest probes).
    expect(finalFds).toBeLessThan(baselineFds + 50);
    // Every probe answered, on a new connection each, all along.
    expect(health.length).toBeGreaterThan(20);
    expect(health.every((p) => p.status === 200)).toBe(true);
    expect(ingest.every((p) => p.status === 201)).toBe(true);
    // How fast: while connections pour in, the kernel's accept queue (511) overflows and drops
    // handshakes, the probes' as well, which Linux retries after 1 s, then 3 s; nothing in the
    // process can reorder that queue (a firewall's connlimit can). So a few probes take seconds
    // (logged above); most must not.
    expect(summary.health.p50Ms).toBeLessThan(500);
    expect(summary.ingest.p50Ms).toBeLessThan(500);
  });
});
