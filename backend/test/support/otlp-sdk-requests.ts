/**
 * Two requests exactly as the OpenTelemetry JS SDK sent them: @opentelemetry/exporter-logs-otlp-proto
 * 0.223.1 with @opentelemetry/sdk-logs 0.223.1 (`Content-Type: application/x-protobuf`), captured
 * once from a local server. They check the decoder against a real encoder, not only against our
 * own test writer. Emitted with:
 *
 *   resource { service.name: 'sdk-service', deployment.environment: 'test' }, scope 'checkout-logger' 1.2.3
 *   1. timestamp 1769248800.123456789 s, severityNumber 17, severityText 'ERROR', body 'Payment gateway timeout',
 *      attributes { transaction.id: 'tx_123', attempt: 3, balance: -42, ratio: 0.5, retried: true, tags: ['a', 'b'] },
 *      in span 5b8efff798038103d269b633813fc60c / eee19b7ec3c1b174 (sampled)
 *   2. timestamp 1769248801 s, severityNumber 13, body { order: 'o-1', items: 2 }
 */
export const SDK_SERVICE = 'sdk-service';

export const SDK_ERROR_LOG = Buffer.from(
  '0aba020a430a1d0a0c736572766963652e6e616d65120d0a0b73646b2d736572766963650a200a166465706c6f796d656e742e656e7669726f6e6d65' +
    '6e7412060a0474657374100012f2010a180a0f636865636b6f75742d6c6f676765721205312e322e3312d50109150da5ea68a28d1810111a05455252' +
    '4f522a190a175061796d656e7420676174657761792074696d656f7574321a0a0e7472616e73616374696f6e2e696412080a0674785f313233320d0a' +
    '07617474656d70741202180332160a0762616c616e6365120b18d6ffffffffffffffff0132120a05726174696f120921000000000000e03f320d0a07' +
    '726574726965641202100132140a0474616773120c2a0a0a030a01610a030a0162380045010000004a105b8efff798038103d269b633813fc60c5208' +
    'eee19b7ec3c1b1745900f0babaf96eeb18',
  'hex',
);

export const SDK_MAP_BODY_LOG = Buffer.from(
  '0a9a010a430a1d0a0c736572766963652e6e616d65120d0a0b73646b2d736572766963650a200a166465706c6f796d656e742e656e7669726f6e6d65' +
    '6e7412060a0474657374100012530a180a0f636865636b6f75742d6c6f676765721205312e322e33123709000ae41e69a28d18100d2a1f321d0a0e0a' +
    '056f7264657212050a036f2d310a0b0a056974656d731202180238005900f9f7baf96eeb18',
  'hex',
);
