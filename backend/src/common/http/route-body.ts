import type { FastifyInstance } from 'fastify';

export const JSON_MEDIA_TYPE = 'application/json';

/** What a route reads as its body, kept in its Fastify route config (`RouteConfig({ body: ... })`). */
export interface RouteBodyConfig {
  /** Bulk intake: bodies up to INGEST_MAX_BODY_BYTES instead of HTTP_MAX_BODY_BYTES. */
  bulk?: boolean;
  /** The content types the route reads; application/json when not given. */
  mediaTypes?: readonly string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    body?: RouteBodyConfig;
  }
}

/**
 * Every route reads at most HTTP_MAX_BODY_BYTES (the server's bodyLimit) except the bulk ones,
 * which get `bulkBytes`: Fastify then refuses an oversized body from its Content-Length or as
 * it streams in, before any parsing. Must be added before the routes are (onRoute).
 */
export function applyBulkBodyLimit(fastify: FastifyInstance, bulkBytes: number): void {
  fastify.addHook('onRoute', (route) => {
    if (route.config?.body?.bulk) route.bodyLimit = bulkBytes;
  });
}

export const acceptedMediaTypes = (config: { body?: RouteBodyConfig } | undefined): readonly string[] =>
  config?.body?.mediaTypes ?? [JSON_MEDIA_TYPE];
