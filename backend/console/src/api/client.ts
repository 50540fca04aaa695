import { QueryClient } from '@tanstack/react-query';
import createFetchClient, { type Middleware } from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import type { components, paths } from './schema.gen';

export type Schemas = components['schemas'];

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION_PATHS = new Set(['/auth/session', '/auth/me']);

/** The CSRF token the API set at sign-in, in a readable cookie (the session itself is httpOnly). */
function csrfToken(): string | undefined {
  return document.cookie
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === 'csrf_token')?.[1];
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever the API answers 401 (session expired or revoked): the session layer signs the user out. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
    if (token && UNSAFE_METHODS.has(request.method)) request.headers.set('X-CSRF-Token', token);
    return request;
  },
  onResponse({ request, response }) {
    // A wrong password at sign-in is a 401 too: the form shows it. And /auth/me's own 401 is
    // what the session check reads (announcing it would only ask for /auth/me again).
    if (response.status === 401 && !SESSION_PATHS.has(new URL(request.url).pathname)) {
      for (const listener of unauthorizedListeners) listener();
    }
    return response;
  },
};

/** Typed from the app's OpenAPI document: a renamed field or path fails `npm run build`. */
export const fetchClient = createFetchClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
fetchClient.use(sessionMiddleware);

/**
 * TanStack Query hooks over the same client. Query keys are `[method, path, init]`, e.g.
 * `['get', '/incidents', { params: { query: { status: 'OPEN' } } }]`: invalidate by path prefix.
 */
export const api = createQueryClient(fetchClient);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Live events invalidate what changed; no need to refetch on every focus.
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => failures < 2 && !isClientError(error),
    },
  },
});

/** The app's one error shape: `{statusCode, error, message, details?}`. */
export interface ApiError {
  statusCode: number;
  error?: string;
  message: string | string[];
}

export function isApiError(error: unknown): error is ApiError {
  return typeof error === 'object' && error !== null && typeof (error as ApiError).statusCode === 'number';
}

function isClientError(error: unknown): boolean {
  return isApiError(error) && error.statusCode >= 400 && error.statusCode < 500;
}

/** A sentence for the person in front of the screen. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return Array.isArray(error.message) ? error.message.join('; ') : error.message;
  if (error instanceof TypeError) return 'The server cannot be reached. Check the connection; the page retries by itself.';
  return 'Something went wrong. Try again.';
}
