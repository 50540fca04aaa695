import { get, type ClientRequest, type IncomingMessage } from 'node:http';
import WebSocket from 'ws';

export interface LiveClient<T> {
  received: T[];
  waitFor(match: (item: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

function waiter<T>(received: T[]) {
  return async (match: (item: T) => boolean, timeoutMs = 3000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`not received within ${timeoutMs} ms (got ${JSON.stringify(received).slice(0, 500)})`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
}

/** A `ws` client on /ws, resolved once the server said `connected` (events after that arrive). */
export async function openWebSocket(
  baseUrl: string,
  token: string,
  via: 'query' | 'header' = 'query',
): Promise<LiveClient<any> & { closeCode(): number | undefined }> {
  const url = baseUrl.replace(/^http/, 'ws') + '/ws' + (via === 'query' ? `?token=${encodeURIComponent(token)}` : '');
  const socket = new WebSocket(url, via === 'header' ? { headers: { authorization: `Bearer ${token}` } } : {});
  const received: any[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  let closeCode: number | undefined;
  socket.on('close', (code) => (closeCode = code));
  const waitFor = waiter(received);
  // A refusal may come before the upgrade completes or right after it (a close frame instead
  // of `connected`): either way the caller gets the code and reason.
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('close', (code, reason) => reject(new WebSocketRefused(code, reason.toString())));
    const connected = (data: WebSocket.RawData) => {
      if (JSON.parse(data.toString()).event !== 'connected') return;
      socket.off('message', connected);
      resolve();
    };
    socket.on('message', connected);
  });
  return {
    received,
    waitFor,
    /** The code the server closed the socket with; undefined while it is open. */
    closeCode: () => closeCode,
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === socket.CLOSED) return resolve();
        socket.removeAllListeners('close');
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}

/** Connects to /ws expecting a refusal; resolves with the close code. */
export async function webSocketCloseCode(baseUrl: string, query: string): Promise<number> {
  return (await webSocketRefusal(baseUrl, query)).code;
}

/** Connects to /ws expecting a refusal; resolves with the close code and reason. */
export function webSocketRefusal(baseUrl: string, query: string): Promise<{ code: number; reason: string }> {
  const socket = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/ws' + query);
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

export class WebSocketRefused extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`closed with ${code}: ${reason}`);
  }
}

/** Opens a /ws connection that may be accepted or refused: the client, or the refusal's code and reason. */
export async function tryWebSocket(
  baseUrl: string,
  token: string,
): Promise<{ client: Awaited<ReturnType<typeof openWebSocket>> } | { refused: { code: number; reason: string } }> {
  try {
    return { client: await openWebSocket(baseUrl, token) };
  } catch (error) {
    if (!(error instanceof WebSocketRefused)) throw error;
    return { refused: { code: error.code, reason: error.reason } };
  }
}

export interface SseEvent {
  id?: string;
  event?: string;
  data: any;
}

/**
 * An SSE client on GET /events (or `path`, e.g. `/logs/tail?level=ERROR`), resolved once the response headers arrived.
 *
 * `fetch` is what a browser would use, but when a test aborts a fetch stream, Node's fetch
 * (undici) opens a spare connection to the server that never carries a request, and the HTTP
 * server's close() then waits for it. So: `fetch` only where the server ends the stream first
 * (the app closes before the client), `http` (node:http, the default) everywhere else.
 */
export async function openEventStream(
  baseUrl: string,
  token: string,
  options: { lastEventId?: string; transport?: 'fetch' | 'http'; path?: string } = {},
): Promise<LiveClient<SseEvent> & { status: number; comments: string[]; ended?: () => boolean; pause?: () => void; resume?: () => void }> {
  const url = `${baseUrl}${options.path ?? '/events'}`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: 'text/event-stream',
    ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
  };
  const received: SseEvent[] = [];
  const comments: string[] = [];
  let buffer = '';
  const parse = (text: string) => {
    buffer += text;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: Partial<SseEvent> = {};
      for (const line of frame.split('\n')) {
        if (line.startsWith(':')) comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) event.id = line.slice(4);
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
      }
      if (event.data !== undefined) received.push(event as SseEvent);
    }
  };

  if (options.transport === 'fetch') {
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    const pump = (async () => {
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        parse(decoder.decode(value, { stream: true }));
      }
    })().catch(() => undefined);
    return {
      status: response.status,
      received,
      comments,
      waitFor: waiter(received),
      close: async () => {
        abort.abort();
        await pump;
      },
    };
  }

  const { request, response } = await new Promise<{ request: ClientRequest; response: IncomingMessage }>((resolve, reject) => {
    const request = get(url, { headers, agent: false }, (response) => resolve({ request, response }));
    request.once('error', reject);
  });
  response.setEncoding('utf8');
  response.on('data', parse);
  response.on('error', () => undefined);
  let ended = false;
  response.on('end', () => (ended = true));
  return {
    status: response.statusCode ?? 0,
    received,
    comments,
    /** True once the server ended the stream. */
    ended: () => ended,
    /** Stop reading (the server's writes back up, as with a slow client), and carry on. */
    pause: () => response.pause(),
    resume: () => response.resume(),
    waitFor: waiter(received),
    close: async () => {
      if (request.destroyed) return;
      await new Promise<void>((resolve) => {
        request.once('close', () => resolve());
        request.destroy();
      });
    },
  };
}
