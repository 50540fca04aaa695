import { connect, type Socket } from 'node:net';
import { startTestApp, type TestApp } from './support/test-app';

// Short limits so that each one is reached within a test; production values are in .env.example.
const LIMITS = {
  HTTP_HEADERS_TIMEOUT_MS: '1000',
  HTTP_REQUEST_TIMEOUT_MS: '2000',
  HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
  HTTP_MAX_CONNECTIONS_PER_ADDRESS: '5',
};
// The server checks expired requests every 500 ms at these settings; 4 s on top of a 1-2 s
// limit is generous for a loaded machine, and far below the defaults this replaced (60-90 s
// for headers, 72 s keep-alive, no request timeout, no cap).
const CLOSE_WITHIN_MS = 5000;

interface OpenSocket {
  socket: Socket;
  /** Resolves with what the server sent, once it closed the connection (or after `withinMs`: 'still open'). */
  closed(withinMs: number): Promise<string>;
}

function open(port: number, localAddress = '127.0.0.1'): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    let received = '';
    let ended = false;
    const waiters: Array<() => void> = [];
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      ended = true;
      for (const wake of waiters) wake();
    });
    socket.once('connect', () =>
      resolve({
        socket,
        closed: (withinMs) =>
          new Promise((done) => {
            if (ended) return done(received);
            const timer = setTimeout(() => done('still open'), withinMs);
            waiters.push(() => {
              clearTimeout(timer);
              done(received);
            });
          }),
      }),
    );
    socket.once('error', reject);
  });
}

describe('connections: timeouts and a per-address cap', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ seed: false, env: LIMITS });
    port = Number(new URL(t.baseUrl).port);
  });
  afterAll(() => t.close());

  it('closes a connection that sends nothing once the headers timeout has passed', async () => {
    const idle = await open(port);
    expect(await idle.closed(CLOSE_WITHIN_MS)).toMatch(/^(HTTP\/1.1 408|)/);
    expect(idle.socket.destroyed).toBe(true);
  });

  it('closes a connection whose headers trickle in too slowly with 408', async () => {
    const slow = await open(port);
    slow.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const timer = setInterval(() => slow.socket.write('X-Slow: 1\r\n'), 200);
    try {
      expect(await slow.closed(CLOSE_WITHIN_MS)).toMatch(/^HTTP\/1.1 408/);
    } finally {
      clearInterval(timer);
    }
  });

  it('closes a request whose body never finishes arriving once the request timeout has passed', async () => {
    const slow = await open(port);
    slow.socket.write('POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":');
    const timer = setInterval(() => slow.socket.write(' '), 200);
    try {
      expect(await slow.closed(CLOSE_WITHIN_MS)).toMatch(/^HTTP\/1.1 408/);
    } finally {
      clearInterval(timer);
    }
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const client = await open(port);
    client.socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const answer = await client.closed(CLOSE_WITHIN_MS);
    expect(answer).toMatch(/^HTTP\/1.1 200/);
    expect(answer).toMatch(/keep-alive: timeout=1/i);
  });

  it('refuses connections beyond the cap from one address while other addresses are served', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => open(port, '127.0.0.2')));
    try {
      const extra = await open(port, '127.0.0.2');
      // Closed at once, before any byte is read: well under the 1 s headers timeout.
      expect(await extra.closed(800)).toBe('');
      const other = await fetch(`${t.baseUrl}/health`);
      expect(other.status).toBe(200);
    } finally {
      for (const connection of held) connection.socket.destroy();
    }
    // The count goes down as connections close: the address is served again.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await open(port, '127.0.0.2');
    again.socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await again.closed(CLOSE_WITHIN_MS)).toMatch(/^HTTP\/1.1 200/);
  });
});
