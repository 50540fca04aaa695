import { compress } from 'snappyjs';
import { message, string, varint } from './protobuf-writer';

/** A Loki stream in the shape of its JSON push body. */
export interface LokiStream {
  stream: Record<string, string>;
  values: ([string, string] | [string, string, Record<string, string>])[];
}

/** Labels the way Prometheus and Loki clients print them: {a="b", c="d"}. */
export const lokiLabelString = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ')}}`;

/** logproto.PushRequest (grafana/loki pkg/push/push.proto), not yet compressed. */
export function lokiPushProtobuf(streams: LokiStream[], labelString = lokiLabelString): Buffer {
  return Buffer.concat(
    streams.map((s) =>
      message(
        1,
        string(1, labelString(s.stream)),
        ...s.values.map(([nanos, line, metadata]) =>
          message(
            2,
            message(1, varint(1, BigInt(nanos) / 1_000_000_000n), varint(2, BigInt(nanos) % 1_000_000_000n)),
            string(2, line),
            ...Object.entries(metadata ?? {}).map(([name, value]) => message(3, string(1, name), string(2, value))),
          ),
        ),
      ),
    ),
  );
}

/** What Promtail sends: the PushRequest, snappy-compressed (block format). */
export const lokiPushSnappy = (streams: LokiStream[]) => Buffer.from(compress(lokiPushProtobuf(streams)));
