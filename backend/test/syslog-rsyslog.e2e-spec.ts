import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { SyslogListener } from '../src/syslog';
import { eventually, storedLogsOf } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * rsyslog relaying to the syslog listener, configured as the README shows (omfwd, TCP, octet-counted,
 * RFC 5424 with the key in structured data), run unprivileged on loopback ports. Debian's `rsyslog`
 * package provides rsyslogd (`apt-get install -y rsyslog`, which `.ci/run` does); without it this file
 * FAILS and says so: a relay test that skips would pass on a machine where nothing was relayed.
 */
const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((path) => existsSync(path));

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('rsyslog forwarding to the syslog listener', () => {
  let t: TestApp;
  let rsyslog: ChildProcess;
  let inputPort: number;
  let dir: string;
  beforeAll(async () => {
    if (!RSYSLOGD) throw new Error('rsyslogd is not installed (apt-get install -y rsyslog): the rsyslog relay was not tested');
    t = await startTestApp({ env: { SYSLOG_PORT: '0', SYSLOG_HOST: '127.0.0.1' } });
    inputPort = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'rsyslog-'));
    writeFileSync(
      join(dir, 'rsyslog.conf'),
      [
        `global(workDirectory="${dir}")`,
        'module(load="imtcp")',
        `input(type="imtcp" port="${inputPort}" address="127.0.0.1")`,
        'template(name="withKey" type="string"',
        `  string="<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% [auth@32473 key=\\"${t.apiKey}\\"] %msg%")`,
        `action(type="omfwd" target="127.0.0.1" port="${t.app.get(SyslogListener).tcpPort}" protocol="tcp" TCP_Framing="octet-counted" template="withKey")`,
      ].join('\n'),
    );
    rsyslog = spawn(RSYSLOGD!, ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslog.pid')], { stdio: 'ignore' });
  });
  afterAll(async () => {
    rsyslog?.kill();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores what an application logs to rsyslog, relayed with its level and app name', async () => {
    const service = `relayed-${randomBytes(4).toString('hex')}`;
    // rsyslogd needs a moment to open its input: retry the send until it is accepted.
    await eventually(
      () =>
        run('logger', [
          '--tcp',
          '--rfc5424',
          '-n',
          '127.0.0.1',
          '-P',
          String(inputPort),
          '-t',
          service,
          '-p',
          'local3.warning',
          'disk almost full',
        ]).then(
          () => true,
          () => false,
        ),
      10_000,
      200,
    );
    const rows = await eventually(async () => {
      const stored = await storedLogsOf(t.pool, service);
      return stored.length > 0 ? stored : undefined;
    }, 15_000);
    expect(rows.map((r) => [r.level, r.message])).toEqual([['WARN', 'disk almost full']]);
    expect(rows[0]!.metadata).toMatchObject({ facility: 'local3' });
  });
});
