import type { FastifyInstance } from 'fastify';
import { decompressedBody } from './decompressed-body';
import { parseJsonBody, parseNdjsonBody } from './ingest-body';

export const NDJSON_CONTENT_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines'];

/**
 * Request bodies for the whole app (every route receives JSON the same way):
 * - Content-Encoding gzip/deflate/br is decoded before parsing; the body limit applies to
 *   the decoded size, and decoding stops as soon as it is exceeded (gzip bombs);
 * - JSON must be valid UTF-8 (Fastify's own parser would quietly turn bad bytes into U+FFFD)
 *   and must not carry `__proto__` / `constructor.prototype` keys;
 * - NDJSON: one JSON value per line, blank lines ignored, at most `maxLogs` of them.
 */
export function registerIngestBodyParsers(fastify: FastifyInstance, options: { maxBodyBytes: number; maxLogs: number }): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (request.method === 'GET' || request.method === 'HEAD') return payload;
    return decompressedBody(payload, request.headers['content-encoding'], options.maxBodyBytes) ?? payload;
  });

  if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser(NDJSON_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => {
    try {
      done(null, parseNdjsonBody(body as Buffer, options.maxLogs));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
