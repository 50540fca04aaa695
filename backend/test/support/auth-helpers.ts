import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { ApiResponse, RequestOptions, TestApp } from './test-app';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT built by hand, so tests can give it any header, claims or key. */
export function craftJwt(payload: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  const algorithm = header.alg === 'HS512' ? 'sha512' : 'sha256';
  return `${unsigned}.${createHmac(algorithm, secret).update(unsigned).digest('base64url')}`;
}

/** `alg: none`: no signature at all. */
export function unsignedJwt(payload: Record<string, unknown>) {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** t.request, but every response is kept, so a test can scan all of them at the end. */
export function recordingRequests(t: () => TestApp) {
  const responses: { method: string; path: string; response: ApiResponse }[] = [];
  const request = async <T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>> => {
    const response = await t().request<T>(method, path, options);
    responses.push({ method, path, response });
    return response;
  };
  return { request, responses };
}

export const uniqueEmail = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.test`;

export interface SourcedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/**
 * POST /auth/login over a connection from the given loopback address (any 127.x.y.z reaches
 * a server listening on 127.0.0.1), so tests can play many clients without trusting a proxy
 * header. `headers` adds e.g. X-Forwarded-For.
 */
export function loginFrom(
  t: TestApp,
  sourceAddress: string,
  body: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<SourcedResponse> {
  const url = new URL('/auth/login', t.baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: sourceAddress,
        // A new connection per request: the source address is a property of the connection.
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
