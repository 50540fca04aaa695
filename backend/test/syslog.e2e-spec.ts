import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { GroupCommitWriter } from '../src/ingestion/group-commit-writer';
import { SyslogListener } from '../src/syslog';
import { eventually, sleep, storedLogsOf } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The syslog listener, fed by util-linux `logger` (a client nobody here wrote) over TCP (newline and
 * octet-counted framing) and UDP, in RFC 5424 and RFC 3164.
 */
const run = promisify(execFile);
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
// The key messages from allowed addresses are stored as; its row is inserted once the database exists.
const RELAY_KEY = `ilm_${randomBytes(32).toString('base64url')}`;

describe('syslog listener (SYSLOG_PORT)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        SYSLOG_PORT: '0',
        SYSLOG_HOST: '127.0.0.1',
        SYSLOG_ALLOWED_SOURCES: '127.0.0.1',
        SYSLOG_API_KEY: RELAY_KEY,
        SYSLOG_MAX_MESSAGE_BYTES: '1024',
      },
    });
    await t.pool.query(`INSERT INTO api_keys (id, name, prefix, key_hash) VALUES (gen_random_uuid(), 'syslog relay', 'ilm_', $1)`, [
      createHash('sha256').update(RELAY_KEY).digest('hex'),
    ]);
    port = t.app.get(SyslogListener).tcpPort!;
  });
  afterAll(() => t.close());

  const logger = (args: string[], input?: string) => {
    const child = run('logger', ['-n', '127.0.0.1', '-P', String(port), ...args]);
    if (input !== undefined) child.child.stdin!.end(input);
    return child;
  };
  const withKey = (key: string) => ['--sd-id', 'auth@32473', '--sd-param', `key="${key}"`];
  const countRows = async (service: string) =>
    Number((await t.pool.query('SELECT count(*) FROM logs WHERE service_id = $1', [service])).rows[0].count);
  const stored = (service: string, count: number) =>
    eventually(async () => {
      const rows = await storedLogsOf(t.pool, service);
      return rows.length >= count ? rows : undefined;
    }, 10_000);

  it('stores RFC 5424 over TCP: severity -> level, app-name -> service_id, structured data -> metadata, the key left out', async () => {
    const service = unique('syslog-tcp');
    await logger([
      '--tcp',
      '--rfc5424',
      '-t',
      service,
      '-p',
      'local0.err',
      '--msgid',
      'PAY',
      ...withKey(t.apiKey),
      '--sd-id',
      'order@32473',
      '--sd-param',
      'id="o-1"',
      'Payment gateway timeout',
    ]);
    const [row] = await stored(service, 1);
    expect(row).toMatchObject({ level: 'ERROR', message: 'Payment gateway timeout' });
    expect(row!.metadata).toMatchObject({ facility: 'local0', msgid: 'PAY', structured_data: { 'order@32473': { id: 'o-1' } } });
    expect(JSON.stringify(row!.metadata)).not.toContain(t.apiKey);
    expect(Date.now() - row!.timestamp.getTime()).toBeLessThan(60_000);
  });

  it('stores every line logger sends with octet counting over TCP, one level per priority', async () => {
    const service = unique('syslog-octets');
    await logger(
      ['--tcp', '--octet-count', '--rfc5424', '-t', service, '-p', 'user.warning', ...withKey(t.apiKey)],
      'first\nsecond\nthird\n',
    );
    await logger(['--tcp', '--octet-count', '--rfc5424', '-t', service, '-p', 'user.debug', ...withKey(t.apiKey), 'fourth']);
    const rows = await stored(service, 4);
    expect(rows.map((r) => [r.level, r.message]).sort()).toEqual([
      ['DEBUG', 'fourth'],
      ['WARN', 'first'],
      ['WARN', 'second'],
      ['WARN', 'third'],
    ]);
  });

  it('stores RFC 5424 over UDP', async () => {
    const service = unique('syslog-udp');
    await logger(['--udp', '--rfc5424', '-t', service, '-p', 'daemon.crit', ...withKey(t.apiKey), 'disk full']);
    const [row] = await stored(service, 1);
    expect(row).toMatchObject({ level: 'FATAL', message: 'disk full' });
    expect(row!.metadata).toMatchObject({ facility: 'daemon' });
  });

  it('stores RFC 3164 from an allowed address without a key, as SYSLOG_API_KEY', async () => {
    const service = unique('syslog-bsd');
    await logger(['--tcp', '--rfc3164', '-t', service, '-p', 'auth.notice', 'session opened']);
    const [row] = await stored(service, 1);
    expect(row).toMatchObject({ level: 'INFO', message: 'session opened' });
    expect(row!.metadata).toMatchObject({ facility: 'auth', hostname: expect.any(String) });
  });

  it('drops a message with an unknown key, and one over SYSLOG_MAX_MESSAGE_BYTES, and keeps reading the connection', async () => {
    const service = unique('syslog-drop');
    await logger(['--tcp', '--rfc5424', '-t', service, ...withKey('ilm_unknown'), 'not stored']);
    const header = `<14>1 2026-01-24T10:00:00Z host ${service} - - [auth@32473 key="${t.apiKey}"] `;
    const tooLong = header + 'x'.repeat(2000);
    const after = header + 'after the long one';
    const socket = connect(port, '127.0.0.1');
    socket.end(`${Buffer.byteLength(tooLong)} ${tooLong}${Buffer.byteLength(after)} ${after}`);
    const rows = await stored(service, 1);
    await sleep(300);
    expect((await storedLogsOf(t.pool, service)).map((r) => r.message)).toEqual(['after the long one']);
    expect(rows).toHaveLength(1);
  });

  it('reads a TCP sender only as fast as its logs are committed, and stores all of them once the database keeps up', async () => {
    const service = unique('syslog-pressure');
    // 50,000 messages, ~8 MB: more than the loopback socket buffers hold, so the sender must wait.
    const total = 50_000;
    const header = `<14>1 - - ${service} - - [auth@32473 key="${t.apiKey}"] `;
    const frames = Array.from({ length: total }, (_, i) => {
      const message = `${header}message ${i} ${'x'.repeat(60)}`;
      return `${Buffer.byteLength(message)} ${message}`;
    }).join('');
    const lock = new Client({ connectionString: t.databaseUrl });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE logs IN EXCLUSIVE MODE');
    const socket = connect(port, '127.0.0.1');
    try {
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(frames);
      // Held for 2 s: long enough for the app to read all it would read if nothing held it back.
      await sleep(2000);
      const writer = t.app.get(GroupCommitWriter);
      // At most one chunk (64 KB, ~400 of these messages) is waiting for its commit; the rest is still the sender's.
      expect(writer.backlog).toBeLessThanOrEqual(1000);
      expect(socket.writableLength).toBeGreaterThan(0);
    } finally {
      await lock.query('COMMIT');
      await lock.end();
    }
    socket.end();
    await eventually(async () => (await countRows(service)) === total, 60_000, 250);
  }, 90_000);
});
