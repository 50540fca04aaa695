import { get, type ClientRequest } from 'node:http';

/** Live-tail clients for the benchmarks: GET /logs/tail over node:http, counting what arrives. */

export interface TailClient {
  /** `log` events received so far. */
  lines: number;
  /** Sum of the `skipped` events received so far. */
  skipped: number;
  /** Called with each `log` event's data. */
  onLog?: (log: { id: string; message: string }) => void;
  close(): void;
}

export function openTailClient(baseUrl: string, token: string, query = ''): Promise<TailClient> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const client: TailClient = {
      lines: 0,
      skipped: 0,
      close: () => request.destroy(),
    };
    const request: ClientRequest = get(
      `${baseUrl}/logs/tail${query}`,
      { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, agent: false },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`GET /logs/tail answered ${response.statusCode}`));
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (frame.startsWith('event: log') && data) {
              client.lines++;
              client.onLog?.(JSON.parse(data));
            } else if (frame.startsWith('event: skipped') && data) client.skipped += (JSON.parse(data) as { skipped: number }).skipped;
          }
        });
        response.on('error', () => undefined);
        resolve(client);
      },
    );
    request.on('error', reject);
  });
}

/**
 * Time from the 201 of a single-log POST /ingest to that log's arrival on a tail filtered on
 * its service, one log at a time (each waits for the previous one's arrival), in ms.
 */
export async function tailLatencies(options: { baseUrl: string; token: string; apiKey: string; logs: number }): Promise<number[]> {
  const service = `bench-tail-${Date.now().toString(36)}`;
  const tail = await openTailClient(options.baseUrl, options.token, `?service_id=${service}`);
  const arrivals = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  tail.onLog = (log) => {
    arrivals.set(log.message, performance.now());
    waiting.get(log.message)?.();
  };
  const arrival = (message: string) =>
    new Promise<void>((resolve, reject) => {
      if (arrivals.has(message)) return resolve();
      const timer = setTimeout(() => reject(new Error(`"${message}" not on the tail within 10 s`)), 10_000);
      waiting.set(message, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < options.logs; i++) {
      const message = `tail latency probe ${i}`;
      const response = await fetch(`${options.baseUrl}/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey },
        body: JSON.stringify({ service_id: service, level: 'INFO', message }),
      });
      const answeredAt = performance.now();
      if (response.status !== 201) throw new Error(`ingest answered ${response.status}`);
      await arrival(message);
      // The event can be parsed before the 201 (two sockets): that counts as no delay.
      latencies.push(Math.max(0, arrivals.get(message)! - answeredAt));
    }
  } finally {
    tail.close();
  }
  return latencies;
}
