import type { FastifyInstance, FastifyRequest } from 'fastify';
import { excessiveNestingOffset, tooDeepMessage } from '../common/http/json-depth';
import { mediaTypeRefusal, parseMediaType } from '../common/http/media-type';
import { acceptedMediaTypes } from '../common/http/route-body';
import { decompressedBody } from './decompressed-body';
import { BodyError, parseJsonBody, parseNdjsonBody } from './ingest-body';
import { decodeLokiPushRequest, LOKI_PUSH_PATH } from './loki-protobuf';
import { decodeExportLogsRequest, encodeRpcStatus, isProtobufContentType, OTLP_LOGS_PATH, PROTOBUF_CONTENT_TYPE } from './otlp-protobuf';

export const NDJSON_CONTENT_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines'];

/**
 * Request bodies for the whole app (every route receives JSON the same way):
 * - before a byte of the body is read: a route reads application/json only, unless its route
 *   config lists more (NDJSON on /ingest, protobuf on /v1/logs); any other type, no type, or a
 *   charset other than UTF-8 is a 415;
 * - Content-Encoding gzip/deflate/br is decoded before parsing; the route's body limit applies
 *   to the decoded size, and decoding stops as soon as it is exceeded (gzip bombs);
 * - JSON nested deeper than `maxJsonDepth` is refused from a scan of its bytes, before parsing;
 * - JSON must be valid UTF-8 (Fastify's own parser would quietly turn bad bytes into U+FFFD)
 *   and must not carry `__proto__` / `constructor.prototype` keys;
 * - NDJSON: one JSON value per line, blank lines ignored, at most `maxLogs` of them;
 * - protobuf (`application/x-protobuf`): OTLP's binary encoding, an `ExportLogsServiceRequest`
 *   decoded to its JSON form; on Loki's push route, a snappy-compressed `PushRequest` decoded
 *   to Loki's JSON form (its decompressed size bounded by the route's body limit).
 */
export function registerIngestBodyParsers(fastify: FastifyInstance, options: { maxLogs: number; maxJsonDepth: number }): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (request.method === 'GET' || request.method === 'HEAD' || !hasBody(request)) return payload;
    const mediaType = refuseUnreadableMediaType(request);
    const maxJsonDepth = mediaType === PROTOBUF_CONTENT_TYPE ? undefined : options.maxJsonDepth;
    return decompressedBody(payload, request.headers['content-encoding'], request.routeOptions.bodyLimit, maxJsonDepth) ?? payload;
  });

  // Also for uncompressed bodies, which arrive whole: the scan stops at the first level too deep.
  const refuseTooDeep = (body: Buffer) => {
    const offset = excessiveNestingOffset(body, options.maxJsonDepth);
    if (offset !== -1) throw new BodyError(400, tooDeepMessage(options.maxJsonDepth, offset));
  };
  // Fastify's own: JSON without these checks, and text/plain as a string.
  for (const type of ['application/json', 'text/plain']) if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      refuseTooDeep(body as Buffer);
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser(NDJSON_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      refuseTooDeep(body as Buffer);
      done(null, parseNdjsonBody(body as Buffer, options.maxLogs));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser(PROTOBUF_CONTENT_TYPE, { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const loki = request.routeOptions.url === LOKI_PUSH_PATH;
      done(null, loki ? decodeLokiPushRequest(body as Buffer, request.routeOptions.bodyLimit) : decodeExportLogsRequest(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** As Node decides it: a Transfer-Encoding, or a Content-Length other than 0. */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
}

/** The body's media type (`type/subtype`), if the route reads it in that charset; else a 415. */
function refuseUnreadableMediaType(request: FastifyRequest): string {
  const header = request.headers['content-type'];
  const refusal = mediaTypeRefusal(header, acceptedMediaTypes(request.routeOptions.config));
  const essence = header === undefined ? '' : parseMediaType(header).essence;
  if (!refusal) return essence;
  if (essence === PROTOBUF_CONTENT_TYPE)
    throw new BodyError(
      415,
      `Content-Type ${PROTOBUF_CONTENT_TYPE} is read by POST ${OTLP_LOGS_PATH} (OTLP) and POST ${LOKI_PUSH_PATH} (Loki) only; send JSON here`,
    );
  throw new BodyError(415, refusal);
}

/**
 * OTLP/HTTP: "the response body for all HTTP 4xx and HTTP 5xx responses MUST be a
 * Protobuf-encoded Status message", and exporters (the Collector's otlphttp among them) decode
 * it to log the server's message. So an error to a protobuf request on /v1/logs leaves as a
 * `google.rpc.Status` carrying the message of the app's one error shape, whatever raised it
 * (guard, body parser, validation, queue); JSON requests keep that JSON shape.
 */
export function registerOtlpProtobufErrors(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode < 400 || request.routeOptions.url !== OTLP_LOGS_PATH || !isProtobufContentType(request.headers['content-type'])) {
      done(null, payload);
      return;
    }
    let message = typeof payload === 'string' ? payload : reply.statusCode >= 500 ? 'Server error' : 'Request refused';
    try {
      const parsed = typeof payload === 'string' ? (JSON.parse(payload) as { message?: unknown }) : undefined;
      if (typeof parsed?.message === 'string') message = parsed.message;
    } catch {
      // not the JSON error shape: keep the text as it is
    }
    void reply.type(PROTOBUF_CONTENT_TYPE);
    done(null, encodeRpcStatus(reply.statusCode, message));
  });
}
