import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import { ApiKeyAuth, CurrentApiKey } from '../common/auth/decorators';
import { JSON_MEDIA_TYPE } from '../common/http/route-body';
import { IngestionService } from './ingestion.service';
import { IngestRefusals, IntakeRoute } from './ingestion.controller';
import { LOKI_PUSH_PATH } from './loki-protobuf';
import { PROTOBUF_CONTENT_TYPE } from './otlp-protobuf';

const LOKI_PUSH_EXAMPLE = {
  streams: [
    {
      stream: { service_name: 'payment-service', env: 'prod' },
      values: [
        ['1764237600000000000', 'level=error msg="Payment gateway timeout" tx=tx_123'],
        ['1764237601000000000', '{"level":"info","msg":"Payment accepted"}', { trace_id: '5b8efff798038103d269b633813fc60c' }],
      ],
    },
  ],
};

/** Loki's push API, so that Promtail, Grafana Alloy, Fluent Bit, Vector and Loki client libraries ship here unchanged. */
@ApiTags('ingestion')
@Controller()
export class LokiController {
  constructor(private readonly ingestion: IngestionService) {}

  @Post(LOKI_PUSH_PATH)
  @HttpCode(204)
  @IntakeRoute([JSON_MEDIA_TYPE, PROTOBUF_CONTENT_TYPE])
  @ApiKeyAuth('ingest')
  @ApiOperation({
    summary: 'Send logs with the Loki push API (protobuf or JSON)',
    description:
      "Loki's `POST /loki/api/v1/push`: a snappy-compressed protobuf `PushRequest` (`Content-Type: application/x-protobuf`, the " +
      'default of Promtail, Alloy, Fluent Bit and Vector) or JSON (`application/json`, optionally `Content-Encoding: gzip`). The API ' +
      'key goes in `X-API-Key`, `Authorization: Bearer <key>`, or basic auth with the key as the password (any user name). ' +
      'Mapping: the first stream label of INGEST_LOKI_SERVICE_LABELS (default `service_name`, `job`, `app`) -> service_id (else ' +
      "the key's service, else unknown_service); a `level` or `detected_level` label or structured metadata -> level, else the " +
      'level key of a JSON or logfmt line, else INFO (unknown level words are INFO too); line -> message; the nanosecond timestamp ' +
      '-> timestamp; the other labels and the structured metadata -> metadata. 204 once every entry is committed; all or nothing ' +
      'like /ingest, with the same JSON error bodies and limits (INGEST_MAX_LOGS entries, INGEST_MAX_BODY_BYTES decompressed).',
  })
  @ApiConsumes(JSON_MEDIA_TYPE, PROTOBUF_CONTENT_TYPE)
  @ApiBody({
    description: 'Shown in JSON; application/x-protobuf is the same PushRequest (grafana/loki pkg/push/push.proto), snappy-compressed.',
    schema: {
      type: 'object',
      required: ['streams'],
      properties: {
        streams: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              stream: { type: 'object', additionalProperties: { type: 'string' }, description: 'Stream labels' },
              values: {
                type: 'array',
                description: '["<unix epoch in nanoseconds>", "<line>"] or with a third item, {structured metadata}',
                items: { type: 'array', minItems: 2, maxItems: 3, items: {} },
              },
            },
          },
        },
      },
    },
    examples: { push: { value: LOKI_PUSH_EXAMPLE } },
  })
  @ApiNoContentResponse({ description: 'Every entry committed' })
  @IngestRefusals()
  async push(@Body() body: unknown, @CurrentApiKey() key: AuthenticatedApiKey): Promise<void> {
    await this.ingestion.ingestLoki(body, key);
  }
}
