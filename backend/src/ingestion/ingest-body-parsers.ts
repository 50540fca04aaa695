import type { FastifyInstance } from 'fastify';
import { decompressedBody } from './decompressed-body';
import { BodyError, parseJsonBody, parseNdjsonBody } from './ingest-body';
import { decodeExportLogsRequest, encodeRpcStatus, isProtobufContentType, OTLP_LOGS_PATH, PROTOBUF_CONTENT_TYPE } from './otlp-protobuf';

export const NDJSON_CONTENT_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines'];

/**
 * Request bodies for the whole app (every route receives JSON the same way):
 * - Content-Encoding gzip/deflate/br is decoded before parsing; the body limit applies to
 *   the decoded size, and decoding stops as soon as it is exceeded (gzip bombs);
 * - JSON must be valid UTF-8 (Fastify's own parser would quietly turn bad bytes into U+FFFD)
 *   and must not carry `__proto__` / `constructor.prototype` keys;
 * - NDJSON: one JSON value per line, blank lines ignored, at most `maxLogs` of them;
 * - protobuf (`application/x-protobuf`): OTLP's binary encoding, read by `POST /v1/logs` only
 *   (an `ExportLogsServiceRequest` decoded to its JSON form); any other route answers 415.
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
  fastify.addContentTypeParser(PROTOBUF_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (request, body, done) => {
    if (request.routeOptions.url !== OTLP_LOGS_PATH) {
      done(
        new BodyError(415, `Content-Type ${PROTOBUF_CONTENT_TYPE} is read by POST ${OTLP_LOGS_PATH} (OTLP) only; send JSON here`),
        undefined,
      );
      return;
    }
    try {
      done(null, decodeExportLogsRequest(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
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
