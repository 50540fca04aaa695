import { uncompress } from 'snappyjs';
import { BodyError } from './ingest-body';
import { parseLokiLabels } from './loki-labels';
import { ProtobufError, ProtobufReader } from './protobuf-reader';

/**
 * Loki's push API in protobuf: a snappy-compressed (block format, no Content-Encoding header)
 * `logproto.PushRequest`, what Promtail, Grafana Alloy, Fluent Bit's `loki` output and Vector's
 * `loki` sink send by default. Decoded into the object Loki's JSON push body parses to, so one
 * mapper (loki-push.ts) serves both encodings. Pure.
 *
 * Field numbers: grafana/loki pkg/push/push.proto
 *   PushRequest { repeated StreamAdapter streams = 1; }
 *   StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
 *   EntryAdapter { google.protobuf.Timestamp timestamp = 1; string line = 2;
 *                  repeated LabelPairAdapter structuredMetadata = 3; }
 *   LabelPairAdapter { string name = 1; string value = 2; }
 *   google.protobuf.Timestamp { int64 seconds = 1; int32 nanos = 2; }
 */

export const LOKI_PUSH_PATH = '/loki/api/v1/push';

type LokiValue = [string, string] | [string, string, Record<string, string>];
export interface LokiJsonStream {
  stream: Record<string, string>;
  values: LokiValue[];
}

/**
 * Snappy's header states the decompressed length: it is checked against `maxBytes` before
 * anything is allocated, so a small body announcing gigabytes costs nothing.
 */
export function decodeLokiPushRequest(body: Buffer, maxBytes: number): { streams: LokiJsonStream[] } {
  let raw: Uint8Array;
  try {
    raw = uncompress(body, maxBytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/too big/.test(reason)) throw new BodyError(413, `Request body is larger than ${maxBytes} bytes once decompressed (snappy)`);
    throw new BodyError(400, `Loki protobuf push bodies must be snappy-compressed (block format): ${reason}`);
  }
  try {
    const reader = new ProtobufReader(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
    const streams: LokiJsonStream[] = [];
    while (reader.next()) {
      if (reader.field === 1) streams.push(decodeStream(reader.message('streams', streams.length)));
      else reader.skip();
    }
    return { streams };
  } catch (error) {
    if (!(error instanceof ProtobufError)) throw error;
    throw new BodyError(400, `Malformed protobuf PushRequest${error.path ? ` at ${error.path}` : ''}: ${error.reason}`);
  }
}

function decodeStream(reader: ProtobufReader): LokiJsonStream {
  let labels = '{}';
  const values: LokiValue[] = [];
  while (reader.next()) {
    if (reader.field === 1) labels = reader.string('labels');
    else if (reader.field === 2) values.push(decodeEntry(reader.message('entries', values.length)));
    else reader.skip();
  }
  const stream = parseLokiLabels(labels);
  if (!stream)
    throw reader.fail(`labels must be a label set such as {job="api", level="error"}, got ${JSON.stringify(labels.slice(0, 80))}`);
  return { stream, values };
}

function decodeEntry(reader: ProtobufReader): LokiValue {
  let nanos = 0n;
  let line = '';
  let metadata: Record<string, string> | undefined;
  while (reader.next()) {
    if (reader.field === 1) nanos = decodeTimestamp(reader.message('timestamp'));
    else if (reader.field === 2) line = reader.string('line');
    else if (reader.field === 3) {
      const pair = reader.message('structuredMetadata', metadata ? Object.keys(metadata).length : 0);
      let name = '';
      let value = '';
      while (pair.next()) {
        if (pair.field === 1) name = pair.string('name');
        else if (pair.field === 2) value = pair.string('value');
        else pair.skip();
      }
      if (name === '__proto__') throw pair.fail('a structured metadata name must not be "__proto__"');
      (metadata ??= {})[name] = value;
    } else reader.skip();
  }
  // A negative time stays negative here, for the mapper to refuse with the field's name.
  const timestamp = nanos.toString();
  return metadata ? [timestamp, line, metadata] : [timestamp, line];
}

function decodeTimestamp(reader: ProtobufReader): bigint {
  let seconds = 0n;
  let nanos = 0;
  while (reader.next()) {
    if (reader.field === 1) seconds = reader.int64('seconds');
    else if (reader.field === 2) nanos = reader.int32('nanos');
    else reader.skip();
  }
  return seconds * 1_000_000_000n + BigInt(nanos);
}
