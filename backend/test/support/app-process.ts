import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { freePort } from '../../src/dev-database/free-port';

/** The compiled app as a process of its own, for the chaos tests and the benchmarks. */

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
  // APP_NODE_ARGS: node flags for the app, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under a benchmark.
  const nodeArgs = (process.env.APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
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
