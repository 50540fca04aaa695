import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { bareHostname, parseDestinationUrl, resolveAllowedAddresses, type Resolver, UnsafeDestinationError } from './ssrf-guard';

export interface PostResult {
  /** HTTP status when the receiver answered; undefined on network errors and timeouts. */
  statusCode?: number;
  /**
   * Why it did not succeed: network error, timeout, or the non-2xx status, followed by the
   * start of the receiver's body only when private destinations are refused (see postGuarded).
   */
  error?: string;
  /** Retry-After of a 429/503, in ms. */
  retryAfterMs?: number;
  /** The destination itself is refused (SSRF guard): retrying cannot help. */
  refused?: boolean;
  /** A medium other than HTTP (SMTP) took the message; statusCode is then its own reply code (250). */
  accepted?: boolean;
}

/** The receiver took it: an HTTP 2xx, or another medium's acceptance. */
export const isDelivered = (result: PostResult): boolean =>
  result.accepted === true || (result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300);

export interface PostOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** Aborts the request early (used at shutdown). */
  signal?: AbortSignal;
  resolver?: Resolver;
}

const MAX_ERROR_BODY_BYTES = 512;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for node:net that resolves, checks every address with the SSRF guard, and then
 * hands net only the checked addresses: the connection goes to an address that was checked,
 * not to whatever a second resolution might return.
 */
export function guardedLookup(allowPrivate: boolean, resolver: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowedAddresses(hostname, allowPrivate, resolver).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const usable = wanted.length ? wanted : addresses;
        if (options.all) (callback as (e: null, a: typeof usable) => void)(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}

function retryAfterMs(response: IncomingMessage): number | undefined {
  const header = response.headers['retry-after'];
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * POSTs a body to a user-supplied URL under the SSRF guard, with one deadline for DNS,
 * connect, TLS and the answer. Redirects are not followed (a 3xx is an answer like any
 * other), so a redirect cannot lead to an internal address. Never throws.
 *
 * The start of a non-2xx body helps to fix a channel (Slack explains its 4xx there), but it
 * is kept only when the destination was checked to be public: with private destinations
 * allowed, the receiver may be an internal service, and its answer would reach the admin
 * through the test endpoint and the delivery log (reading internal pages is what SSRF is for).
 */
export function postGuarded(rawUrl: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  let url: URL;
  try {
    url = parseDestinationUrl(rawUrl, options.allowPrivate);
  } catch (error) {
    return Promise.resolve({ error: `refused: url ${(error as Error).message}`, refused: true });
  }
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send({
      protocol: url.protocol,
      hostname: bareHostname(url),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      // A fresh connection per delivery: pooled sockets would outlive app.close() and skip
      // the address check of a new resolution.
      agent: false,
      // Checked above: an IP literal never reaches lookup, a host name always does.
      lookup: guardedLookup(options.allowPrivate, options.resolver ?? systemResolver),
      // SNI carries host names only (RFC 6066).
      servername: isIP(bareHostname(url)) ? undefined : url.hostname,
    });
    const timer = setTimeout(() => {
      finish({ error: `timed out after ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    const onAbort = () => {
      finish({ error: 'aborted: the app is shutting down' });
      request.destroy();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const refused = error instanceof UnsafeDestinationError;
      finish({ error: refused ? `refused: ${error.message}` : `${error.code ?? 'error'}: ${error.message}`, refused });
    });
    request.on('response', (response) => {
      const statusCode = response.statusCode ?? 0;
      // A 2xx is final as soon as its status line arrives: a slow body must not turn it into
      // a timeout (and a duplicate on retry).
      if (statusCode >= 200 && statusCode < 300) {
        finish({ statusCode });
        request.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (!options.allowPrivate && size < MAX_ERROR_BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      const done = () => {
        const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY_BYTES).trim();
        const redirect = statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : '';
        finish({ statusCode, error: `HTTP ${statusCode}${redirect}${text ? `: ${text}` : ''}`, retryAfterMs: retryAfterMs(response) });
        request.destroy();
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.end(body);
  });
}
