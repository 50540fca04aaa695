import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One autocannon run (as a library) against a URL with a fixed POST body. */
export async function loadTest(options: {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
  overallRate?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    body: options.body,
    headers: { 'content-type': 'application/json', ...options.headers },
    connections: options.connections,
    duration: options.durationSeconds,
    overallRate: options.overallRate,
    timeout: 10,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** A load that runs until stopped (background traffic while something else is measured). */
export function backgroundLoad(options: {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  overallRate: number;
}) {
  const instance = autocannon(
    {
      url: options.url,
      method: 'POST',
      body: options.body,
      headers: { 'content-type': 'application/json', ...options.headers },
      connections: options.connections,
      overallRate: options.overallRate,
      duration: 3600,
    },
    () => undefined,
  );
  return { stop: () => instance.stop() };
}
