import { createServer, type Server } from 'node:http';
import { postGuarded } from './safe-http';
import type { Resolver } from './ssrf-guard';

describe('postGuarded', () => {
  let server: Server;
  let port = 0;
  let hits = 0;
  let answer: (status: number) => number = () => 200;

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits += 1;
      request.resume();
      request.on('end', () => {
        const status = answer(hits);
        if (status === 0) return; // hang
        response.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/' } : {}).end('nope');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    hits = 0;
    answer = () => 200;
  });

  const toLoopback: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];

  it('never connects to a name that resolves to a private address, even on the second resolution', async () => {
    const result = await postGuarded(
      `http://rebound.test:${port}/hook`,
      '{}',
      {},
      { timeoutMs: 2000, allowPrivate: false, resolver: toLoopback },
    );
    expect(result).toMatchObject({ refused: true, error: expect.stringMatching(/127\.0\.0\.1, a loopback/) });
    expect(hits).toBe(0);
  });

  it('connects to the checked address when private destinations are allowed', async () => {
    const result = await postGuarded(
      `http://receiver.test:${port}/hook`,
      '{}',
      {},
      { timeoutMs: 2000, allowPrivate: true, resolver: toLoopback },
    );
    expect(result).toEqual({ statusCode: 200 });
    expect(hits).toBe(1);
  });

  it('does not follow redirects', async () => {
    answer = () => 302;
    const result = await postGuarded(`http://127.0.0.1:${port}/hook`, '{}', {}, { timeoutMs: 2000, allowPrivate: true });
    expect(result).toMatchObject({ statusCode: 302, error: expect.stringMatching(/redirects are not followed/) });
    expect(hits).toBe(1);
  });

  it('never reports the body of a receiver that may be internal (private destinations allowed)', async () => {
    answer = () => 500;
    const result = await postGuarded(`http://127.0.0.1:${port}/hook`, '{}', {}, { timeoutMs: 2000, allowPrivate: true });
    expect(result).toMatchObject({ statusCode: 500, error: 'HTTP 500' });
    expect(JSON.stringify(result)).not.toContain('nope');
  });

  it('gives up at the timeout', async () => {
    answer = () => 0;
    const started = Date.now();
    const result = await postGuarded(`http://127.0.0.1:${port}/hook`, '{}', {}, { timeoutMs: 300, allowPrivate: true });
    expect(result.error).toMatch(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a refused connection as an error, not an exception', async () => {
    const result = await postGuarded('http://127.0.0.1:1/hook', '{}', {}, { timeoutMs: 2000, allowPrivate: true });
    expect(result.error).toMatch(/ECONNREFUSED/);
  });
});
