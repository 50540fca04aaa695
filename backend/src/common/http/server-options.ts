/** The HTTP limits of the configuration (AppConfig['http']) the options are made of; common/ imports no config. */
interface HttpLimits {
  maxBodyBytes: number;
  socketIdleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
}

/**
 * How often Node looks for requests past their headers or request timeout. Its default (30 s)
 * would let a connection that sends nothing live up to 40 s past a 10 s headers timeout; each
 * check only walks the connections that are in the middle of a request.
 */
export const connectionsCheckingIntervalMs = (limits: HttpLimits) => Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2)));

/**
 * The Fastify (and Node http.Server) options that bound what one connection can hold:
 * - bodyLimit: HTTP_MAX_BODY_BYTES for every route; bulk routes raise it (see applyBulkBodyLimit);
 * - headersTimeout: from the connection's first byte (or from its opening, when it sends
 *   nothing) to the end of the headers; answered 408 and closed;
 * - requestTimeout: the whole request, body included, from the client;
 * - keepAliveTimeout: an idle connection between two requests;
 * - connectionTimeout: no byte either way for this long while a request is served (a client
 *   that stops reading its answer); longer than the slowest silent answer (an LLM summary).
 * maxRequestsPerSocket stays unlimited: reconnecting does not make a client fairer, the
 * per-address cap does.
 */
export function serverOptions(limits: HttpLimits) {
  return {
    bodyLimit: limits.maxBodyBytes,
    connectionTimeout: limits.socketIdleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: connectionsCheckingIntervalMs(limits),
    },
  };
}
