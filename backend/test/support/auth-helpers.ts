import { createHmac } from 'node:crypto';
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
