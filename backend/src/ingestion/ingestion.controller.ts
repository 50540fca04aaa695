import { applyDecorators, Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import { JSON_MEDIA_TYPE } from '../common/http/route-body';
import { ApiKeyAuth, CurrentApiKey } from '../common/auth/decorators';
import { IngestAcceptedDto, IngestBatchDto, IngestLogDto } from './dto/ingest-log.dto';
import { OTLP_REQUEST_EXAMPLE, OtlpExportLogsRequestDto, OtlpExportLogsResponseDto } from './dto/otlp.dto';
import { NDJSON_CONTENT_TYPES } from './ingest-body-parsers';
import { IngestionService } from './ingestion.service';
import { EMPTY_EXPORT_LOGS_RESPONSE, isProtobufContentType, OTLP_LOGS_PATH, PROTOBUF_CONTENT_TYPE } from './otlp-protobuf';

/**
 * The Fastify side of an intake route: bulk bodies (INGEST_MAX_BODY_BYTES) of the given types;
 * the API key checked in onRequest, so that the body of an unauthenticated request is never
 * decompressed or parsed; and no helmet: log shippers are not browsers, its headers protect
 * nothing here, and @fastify/helmet rebuilds its middleware on every request (~5% of the CPU
 * of a single-log request, measured).
 */
export const IntakeRoute = (mediaTypes: readonly string[]) =>
  RouteConfig({ helmet: { skipRoute: true }, body: { bulk: true, mediaTypes }, apiKeyBeforeBody: true });

export const IngestRefusals = () =>
  applyDecorators(
    ApiBadRequestResponse({
      description:
        'Malformed body, JSON nested more than HTTP_MAX_JSON_DEPTH levels, or invalid logs (details: [{index, line?, field, message}]); nothing stored',
    }),
    ApiForbiddenResponse({ description: 'The API key is bound to another service' }),
    ApiPayloadTooLargeResponse({ description: 'Body over INGEST_MAX_BODY_BYTES (uncompressed) or more than INGEST_MAX_LOGS logs' }),
    ApiUnsupportedMediaTypeResponse({ description: 'Content-Type, charset (UTF-8 only) or Content-Encoding not supported' }),
    ApiTooManyRequestsResponse({
      description:
        'A key not bound to a service would introduce more than INGEST_NEW_SERVICES_PER_KEY_PER_HOUR never-seen service_id values ' +
        'within an hour; nothing stored. Retry-After when waiting helps (absent when the request alone is over the limit)',
      headers: { 'Retry-After': { description: 'Seconds until the new services fit', schema: { type: 'integer', example: 1740 } } },
      schema: {
        example: {
          statusCode: 429,
          error: 'Too Many Requests',
          message:
            'This request has 3 new service_id values; API key "collector" may introduce at most 100 per hour (99 in the last hour). ' +
            'Nothing was stored. Use a key bound to each service, or raise INGEST_NEW_SERVICES_PER_KEY_PER_HOUR.',
          details: {
            field: 'service_id',
            limit: 100,
            window_seconds: 3600,
            new_in_request: 3,
            introduced_in_window: 99,
            new_service_ids: ['billing', 'search', 'mailer'],
          },
        },
      },
    }),
    ApiServiceUnavailableResponse({ description: 'Queue full or database unavailable: nothing stored, retry after Retry-After seconds' }),
  );

@ApiTags('ingestion')
@ApiExtraModels(IngestLogDto, IngestBatchDto)
@Controller()
export class IngestionController {
  constructor(private readonly ingestion: IngestionService) {}

  @Post('ingest')
  @HttpCode(201)
  @IntakeRoute([JSON_MEDIA_TYPE, ...NDJSON_CONTENT_TYPES])
  @ApiKeyAuth('ingest')
  @ApiOperation({
    summary: 'Send logs',
    description:
      'One log, a JSON array of logs, `{"logs": [...]}`, or NDJSON (`Content-Type: application/x-ndjson`, one log per line). ' +
      'Bodies may be compressed (`Content-Encoding: gzip`, `deflate` or `br`). Answered 201 only once every log is committed to ' +
      'PostgreSQL; a request is stored entirely or not at all.',
  })
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(IngestLogDto) },
        { type: 'array', items: { $ref: getSchemaPath(IngestLogDto) } },
        { $ref: getSchemaPath(IngestBatchDto) },
      ],
    },
    examples: {
      one: {
        value: {
          service_id: 'payment-service',
          timestamp: '2026-11-24T10:00:00Z',
          level: 'ERROR',
          message: 'Payment gateway timeout',
          metadata: { transaction_id: 'tx_123' },
        },
      },
      batch: { value: { logs: [{ service_id: 'payment-service', level: 'INFO', message: 'Payment accepted' }] } },
    },
  })
  @ApiCreatedResponse({ type: IngestAcceptedDto })
  @IngestRefusals()
  async ingest(@Body() body: unknown, @CurrentApiKey() key: AuthenticatedApiKey): Promise<IngestAcceptedDto> {
    return { accepted: await this.ingestion.ingest(body, key) };
  }

  @Post(OTLP_LOGS_PATH)
  @HttpCode(200)
  @IntakeRoute([JSON_MEDIA_TYPE, PROTOBUF_CONTENT_TYPE])
  @ApiKeyAuth('ingest')
  @ApiOperation({
    summary: 'Send logs with OTLP/HTTP (protobuf or JSON encoding)',
    description:
      "An OpenTelemetry `ExportLogsServiceRequest`, binary protobuf (`Content-Type: application/x-protobuf`, what the Collector's " +
      '`otlphttp` exporter and the SDKs send by default) or JSON (`application/json`); `Content-Encoding: gzip` as for /ingest. ' +
      "Mapping: resource `service.name` -> service_id (else the key's service, else " +
      '"unknown_service"); severityNumber 1-8 -> DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL (else severityText, else INFO); ' +
      'body -> message (non-string values as JSON); timeUnixNano (else observedTimeUnixNano, else now) -> timestamp; attributes, ' +
      'traceId, spanId -> metadata. All or nothing like /ingest: an invalid record refuses the request with 400. The answer uses ' +
      'the encoding of the request: an empty protobuf `ExportLogsServiceResponse` (zero bytes) or `{"partialSuccess": {}}`; errors ' +
      'to a protobuf request are a protobuf `google.rpc.Status` carrying the message of the usual error body.',
  })
  @ApiConsumes('application/json', PROTOBUF_CONTENT_TYPE)
  @ApiBody({
    type: OtlpExportLogsRequestDto,
    description: 'Shown in JSON; application/x-protobuf is the same ExportLogsServiceRequest in protobuf binary encoding.',
    examples: { export: { value: OTLP_REQUEST_EXAMPLE } },
  })
  @ApiOkResponse({
    description: 'Every record stored',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(OtlpExportLogsResponseDto) } },
      [PROTOBUF_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary', description: 'Empty ExportLogsServiceResponse: zero bytes' } },
    },
  })
  @ApiExtraModels(OtlpExportLogsResponseDto)
  @IngestRefusals()
  async otlp(
    @Body() body: unknown,
    @CurrentApiKey() key: AuthenticatedApiKey,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OtlpExportLogsResponseDto | Buffer> {
    await this.ingestion.ingestOtlp(body, key);
    // OTLP/HTTP: the response uses the Content-Type of the request.
    if (isProtobufContentType(request.headers['content-type'])) {
      void reply.type(PROTOBUF_CONTENT_TYPE);
      return EMPTY_EXPORT_LOGS_RESPONSE;
    }
    return { partialSuccess: {} };
  }
}
