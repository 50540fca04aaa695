import { createServer, type IncomingMessage, type Server } from 'node:http';

/** A request the fake received: path, headers and parsed JSON body. */
export interface ReceivedLlmRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/** How the fake answers the next requests. `hang`: it never answers. */
export type FakeLlmBehaviour = { status?: number; body: unknown } | { status?: number; raw: string } | 'hang';

/** The usual OpenAI-style answer whose message content is `content`. */
export const chatCompletion = (content: string, model = 'fake-model-1') => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  model,
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
});

/** An OpenAI-compatible `/chat/completions` endpoint on loopback whose answers tests choose. */
export class FakeLlm {
  readonly requests: ReceivedLlmRequest[] = [];
  private behaviour: FakeLlmBehaviour = { body: chatCompletion('{"summary":"ok","root_causes":[]}') };
  private readonly server: Server;
  private port = 0;

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // keep the text
        }
        this.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
        const behaviour = this.behaviour;
        if (behaviour === 'hang') return;
        const payload = 'raw' in behaviour ? behaviour.raw : JSON.stringify(behaviour.body);
        response.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json' });
        response.end(payload);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  answer(behaviour: FakeLlmBehaviour): void {
    this.behaviour = behaviour;
  }

  async close(): Promise<void> {
    // Hanging requests keep their sockets open: cut them, or close() never returns.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
