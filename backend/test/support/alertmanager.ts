import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's package (what .ci/run installs). */
export const ALERTMANAGER_BINARY = '/usr/bin/prometheus-alertmanager';

export interface PushedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * A real Prometheus Alertmanager (loopback only, no clustering) whose one receiver is a webhook
 * to `webhookUrl` authenticated with `apiKey` as bearer credentials: the configuration the
 * README gives. group_wait/group_interval of 1 s so notifications follow pushes quickly.
 */
export class RealAlertmanager {
  private process?: ChildProcess;
  private output = '';

  private constructor(
    readonly url: string,
    private readonly directory: string,
  ) {}

  static async start(webhookUrl: string, apiKey: string): Promise<RealAlertmanager> {
    if (!existsSync(ALERTMANAGER_BINARY)) {
      throw new Error(
        `${ALERTMANAGER_BINARY} is not installed: this test needs the real Alertmanager ` +
          '(apt-get update && apt-get install -y --no-install-recommends prometheus-alertmanager; .ci/run does it)',
      );
    }
    const directory = await mkdtemp(join(tmpdir(), 'alertmanager-'));
    const config = [
      'route:',
      '  receiver: incidents',
      "  group_by: ['alertname']",
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: incidents',
      '    webhook_configs:',
      `      - url: ${JSON.stringify(webhookUrl)}`,
      '        send_resolved: true',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials: ${JSON.stringify(apiKey)}`,
      '',
    ].join('\n');
    await writeFile(join(directory, 'am.yml'), config);
    const port = await freePort();
    const alertmanager = new RealAlertmanager(`http://127.0.0.1:${port}`, directory);
    alertmanager.process = spawn(
      ALERTMANAGER_BINARY,
      [
        `--config.file=${join(directory, 'am.yml')}`,
        `--storage.path=${join(directory, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => (alertmanager.output = (alertmanager.output + chunk.toString()).slice(-20_000));
    alertmanager.process.stdout!.on('data', keep);
    alertmanager.process.stderr!.on('data', keep);
    await alertmanager.waitReady();
    return alertmanager;
  }

  /** Its own log, to explain a failure. */
  get log(): string {
    return this.output;
  }

  // Startup took ~0.3 s here; 20 s leaves room on a loaded machine.
  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.process?.exitCode !== null) throw new Error(`Alertmanager exited: ${this.output}`);
      const ready = await fetch(`${this.url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Alertmanager not ready within 20 s: ${this.output}`);
  }

  /** What Prometheus does: POST /api/v2/alerts. An endsAt in the past resolves the alert. */
  async push(alerts: PushedAlert[]): Promise<void> {
    const response = await fetch(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    if (!response.ok) throw new Error(`Alertmanager refused the alerts: ${response.status} ${await response.text()}`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    await rm(this.directory, { recursive: true, force: true });
  }
}
