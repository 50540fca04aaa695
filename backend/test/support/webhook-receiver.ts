import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status it was answered with ('hang': never answered). */
  answer: number | 'hang';
  at: number;
}

/** How to answer the n-th request (1-based): a status, or 'hang' to never answer. */
export type Responder = (request: { path: string; body: string }, n: number) => number | 'hang';

/** A real HTTP receiver on 127.0.0.1 for webhook and Slack deliveries. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  respond: Responder = () => 200;
  port = 0;
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Starts listening (again on the same port after a stop). */
  async start(): Promise<this> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '/';
        const answer = this.respond({ path, body }, this.requests.length + 1);
        this.requests.push({ path, headers: request.headers, body, answer, at: Date.now() });
        if (answer === 'hang') {
          this.hanging.add(response);
          return;
        }
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'receiver error');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this;
  }

  /** Stops listening: connections are refused until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    this.hanging.clear();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** The requests that were answered 2xx. */
  get successful(): ReceivedRequest[] {
    return this.requests.filter((r) => typeof r.answer === 'number' && r.answer >= 200 && r.answer < 300);
  }

  /** Resolves with the first request matching, waiting up to timeoutMs for it. */
  async waitFor(match: (request: ReceivedRequest) => boolean, timeoutMs = 5000): Promise<ReceivedRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.requests.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching request within ${timeoutMs} ms (got ${this.requests.length})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Polls `probe` until it returns something truthy. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
