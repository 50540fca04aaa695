import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The console's session: the same JWT as `POST /auth/login` gives, but kept in an httpOnly,
 * SameSite=Strict cookie so page script (and so an XSS payload) never reads it. Writes
 * authenticated by that cookie must also carry `X-CSRF-Token`: an HMAC of the session token,
 * handed to the page in a readable cookie (signed double submit). A token planted by a
 * sibling subdomain cannot match a session it did not sign, and a Bearer request needs no
 * CSRF token because no browser attaches an Authorization header on its own.
 */
export const SESSION_COOKIE = 'session';
export const CSRF_COOKIE = 'csrf_token';
export const CSRF_HEADER = 'x-csrf-token';

// Methods that change nothing: the CSRF token is only demanded for the others.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Credential {
  token: string;
  via: 'bearer' | 'cookie';
}

type Headers = Record<string, string | string[] | undefined>;

/** The value of cookie `name` in a Cookie header, or undefined. */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * The JWT a request presents: `Authorization: Bearer` wins over the session cookie, so a
 * script using a token is never mistaken for the browser session (and never asked for CSRF).
 */
export function credentialOf(headers: Headers): Credential | undefined {
  const authorization = headers.authorization;
  const bearer = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1] : undefined;
  if (bearer) return { token: bearer, via: 'bearer' };
  const session = readCookie(headers.cookie, SESSION_COOKIE);
  return session ? { token: session, via: 'cookie' } : undefined;
}

/** The CSRF token of a session: keyed by the JWT secret, bound to this very session token. */
export function csrfTokenFor(sessionToken: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf-token\n${sessionToken}`).digest('base64url');
}

/** True when the request may go ahead: not cookie-authenticated, a safe method, or a matching token. */
export function passesCsrfCheck(method: string, headers: Headers, secret: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const credential = credentialOf(headers);
  if (credential?.via !== 'cookie') return true;
  const presented = headers[CSRF_HEADER];
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(credential.token, secret));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface CookieOptions {
  /** Seconds until the cookies expire: the JWT's lifetime, so both end together. */
  maxAgeSeconds: number;
  secure: boolean;
}

/** Set-Cookie values that open a session (JWT and CSRF token are base64url: no escaping needed). */
export function sessionCookies(sessionToken: string, csrfToken: string, options: CookieOptions): string[] {
  const common = `Path=/; Max-Age=${options.maxAgeSeconds}; SameSite=Strict${options.secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=${sessionToken}; ${common}; HttpOnly`, `${CSRF_COOKIE}=${csrfToken}; ${common}`];
}

/** Whether cookies get Secure: SESSION_COOKIE_SECURE, where `auto` means PUBLIC_URL is https or the request came over TLS. */
export function cookiesSecure(setting: 'auto' | 'true' | 'false', publicUrl: string | undefined, protocol: string): boolean {
  if (setting !== 'auto') return setting === 'true';
  return publicUrl?.startsWith('https:') === true || protocol === 'https';
}

/** Set-Cookie values that end the session in the browser. */
export function clearedSessionCookies(secure: boolean): string[] {
  return sessionCookies('', '', { maxAgeSeconds: 0, secure });
}
