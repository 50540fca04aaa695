import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionAddressKey } from './connection-address';
import { limitConnections, maxConnectionsFor } from './connection-limits';
import { openFileLimit } from './open-file-limit';

describe('connectionAddressKey', () => {
  it('counts IPv4 (plain or mapped into IPv6) by address', () => {
    expect(connectionAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(connectionAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 by /64, however the address is written', () => {
    expect(connectionAddressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(connectionAddressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(connectionAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(connectionAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(connectionAddressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('puts a socket without an address (already closed) under one key', () => {
    expect(connectionAddressKey(undefined)).toBe('unknown');
  });
});

describe('maxConnectionsFor', () => {
  it('leaves 512 descriptors of the open-file limit for the rest when not configured', () => {
    expect(maxConnectionsFor(0, 20_000)).toEqual({ total: 19_488 });
    // A small limit keeps half for the rest rather than nothing.
    expect(maxConnectionsFor(0, 1024)).toEqual({ total: 512 });
  });

  it('takes the configured cap, warning when the open-file limit cannot hold it', () => {
    expect(maxConnectionsFor(5000, 20_000)).toEqual({ total: 5000 });
    expect(maxConnectionsFor(50_000, 20_000)).toEqual({ total: 50_000, warning: expect.stringMatching(/ulimit -n 20000/) });
    expect(maxConnectionsFor(0, undefined)).toEqual({ total: 10_000 });
  });
});

describe('openFileLimit', () => {
  it('reads the soft limit from /proc/self/limits, and gives up quietly elsewhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'limits-'));
    const file = join(dir, 'limits');
    writeFileSync(
      file,
      'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 524288               files\n',
    );
    expect(openFileLimit(file)).toBe(1024);
    expect(openFileLimit(join(dir, 'missing'))).toBeUndefined();
  });
});

describe('limitConnections', () => {
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  const warnings: string[] = [];
  beforeAll(async () => {
    server = createServer((_request, response) => response.end('ok'));
    limitConnections(server, { perAddress: 3, total: 100 }, { warn: (message: string) => warnings.push(message) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const open = (localAddress: string) =>
    new Promise<{ socket: Socket; closed: Promise<void> }>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, localAddress });
      sockets.push(socket);
      socket.on('error', () => undefined);
      const closed = new Promise<void>((done) => socket.once('close', () => done()));
      socket.once('connect', () => resolve({ socket, closed }));
    });
  const stillOpenAfter = (connection: { closed: Promise<void> }, ms: number) =>
    Promise.race([connection.closed.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), ms))]);

  it('closes a connection over the per-address cap at once and counts down as connections close', async () => {
    const held = await Promise.all([1, 2, 3].map(() => open('127.0.0.7')));
    const fourth = await open('127.0.0.7');
    expect(await stillOpenAfter(fourth, 500)).toBe(false);
    expect(await stillOpenAfter(await open('127.0.0.8'), 200)).toBe(true);
    expect(server.maxConnections).toBe(100);
    // Once per episode, not once per refused connection.
    await stillOpenAfter(await open('127.0.0.7'), 200);
    expect(warnings).toEqual(['Refusing connections from 127.0.0.7: it already holds 3 (HTTP_MAX_CONNECTIONS_PER_ADDRESS)']);

    held[0]!.socket.destroy();
    await held[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stillOpenAfter(await open('127.0.0.7'), 200)).toBe(true);
  });
});
