import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const OTLP_REQUEST_EXAMPLE = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payment-service' } }] },
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: '1795514400000000000',
              severityNumber: 17,
              severityText: 'ERROR',
              body: { stringValue: 'Payment gateway timeout' },
              attributes: [{ key: 'transaction_id', value: { stringValue: 'tx_123' } }],
            },
          ],
        },
      ],
    },
  ],
};

/** Documentation of OTLP/HTTP `ExportLogsServiceRequest` in its JSON form (validated by otlp-logs.ts; protobuf is decoded to this form). */
export class OtlpExportLogsRequestDto {
  @ApiProperty({
    example: OTLP_REQUEST_EXAMPLE.resourceLogs,
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'resource.attributes[service.name] -> service_id; logRecords[]: severityNumber/severityText -> level, body -> message, timeUnixNano -> timestamp, attributes -> metadata',
  })
  resourceLogs!: unknown[];
}

export class OtlpPartialSuccessDto {
  @ApiPropertyOptional({ example: 0, description: 'Never set: a request is stored whole or refused with 400' })
  rejectedLogRecords?: number;
}

export class OtlpExportLogsResponseDto {
  @ApiProperty({ type: OtlpPartialSuccessDto, example: {} })
  partialSuccess!: OtlpPartialSuccessDto;
}
