import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { LogFieldError } from './log-validation';
import { levelOfLine, levelOfWord } from './log-line-level';
import { otlpTime, UNKNOWN_SERVICE } from './otlp-logs';

/**
 * Loki push bodies (JSON, or protobuf decoded to the same shape by loki-protobuf.ts) to the
 * `/ingest` log shape, then validated like any other log. Pure.
 *   {"streams": [{"stream": {"job": "api"}, "values": [["<unix ns>", "<line>", {<structured metadata>}?]]}]}
 * service_id: the first of `serviceLabels` present among the stream labels (else the key's
 * service, else unknown_service); level: a `level`/`detected_level` label or structured
 * metadata, else stated by the line (JSON or logfmt), else INFO; metadata: the other labels
 * and the structured metadata.
 */

export interface LokiLogs {
  items: Record<string, unknown>[];
  /** `streams[i].values[j]` of each item, for error messages. */
  paths: string[];
  errors: LogFieldError[];
}

const LEVEL_KEYS = ['level', 'detected_level'];

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Loki field that carries each `/ingest` field, to name it in errors. */
export function lokiFieldNames(serviceLabels: readonly string[]): Record<string, string> {
  return {
    service_id: `stream label ${serviceLabels.join(' / ')}`,
    message: 'line',
    timestamp: 'timestamp',
    metadata: 'labels and structured metadata',
    log: 'entry',
  };
}

export function lokiLogs(body: unknown, serviceLabels: readonly string[], defaultServiceId: string | null, maxLogs: number): LokiLogs {
  if (!isObject(body) || !Array.isArray(body.streams)) {
    throw new BadRequestException({
      message: 'Expected a Loki push request: {"streams": [{"stream": {...labels}, "values": [["<unix ns>", "<line>"]]}]}',
      details: [{ field: 'streams', message: 'must be an array' }],
    });
  }
  const result: LokiLogs = { items: [], paths: [], errors: [] };
  body.streams.forEach((stream: unknown, s) => {
    const labels = isObject(stream) && isObject(stream.stream) ? stream.stream : undefined;
    const values = isObject(stream) ? stream.values : undefined;
    if (!labels || !Array.isArray(values)) {
      const index = result.items.length;
      result.paths.push(`streams[${s}]`);
      result.items.push({});
      result.errors.push({ index, field: 'stream', message: 'must be {"stream": {labels}, "values": [[...], ...]}' });
      return;
    }
    const context = streamContext(labels, serviceLabels, defaultServiceId);
    values.forEach((value: unknown, v) => {
      if (result.items.length >= maxLogs) throw new PayloadTooLargeException(`Too many log entries in one request: at most ${maxLogs}`);
      result.paths.push(`streams[${s}].values[${v}]`);
      result.items.push(mapEntry(value, context, result.items.length, result.errors));
    });
  });
  return result;
}

interface StreamContext {
  serviceId: unknown;
  labelLevel: unknown;
  labels: Record<string, unknown>;
}

function streamContext(labels: Record<string, unknown>, serviceLabels: readonly string[], defaultServiceId: string | null): StreamContext {
  const serviceLabel = serviceLabels.find((name) => labels[name] !== undefined && labels[name] !== '');
  const rest = { ...labels };
  if (serviceLabel !== undefined) delete rest[serviceLabel];
  return {
    serviceId: serviceLabel === undefined ? (defaultServiceId ?? UNKNOWN_SERVICE) : labels[serviceLabel],
    labelLevel: LEVEL_KEYS.map((key) => labels[key]).find((value) => value !== undefined),
    labels: rest,
  };
}

function mapEntry(value: unknown, context: StreamContext, index: number, errors: LogFieldError[]): Record<string, unknown> {
  const fail = (field: string, message: string) => errors.push({ index, field, message });
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    fail('entry', 'must be ["<unix epoch in nanoseconds>", "<log line>"] or with a third item, {structured metadata}');
    return {};
  }
  const [time, line, structured] = value as unknown[];
  const log: Record<string, unknown> = { service_id: context.serviceId };
  if (typeof line !== 'string') fail('line', 'must be a string');
  log.message = line;

  const timestamp = typeof time === 'string' ? otlpTime(time) : 'invalid';
  if (timestamp === 'invalid') fail('timestamp', 'must be the Unix epoch in nanoseconds, as a string of digits');
  else log.timestamp = timestamp;

  if (structured !== undefined && !isObject(structured)) fail('structured metadata', 'must be an object of strings');
  const metadata = { ...context.labels, ...(isObject(structured) ? structured : {}) };
  if (Object.keys(metadata).length > 0) log.metadata = metadata;

  const structuredLevel = isObject(structured) ? LEVEL_KEYS.map((key) => structured[key]).find((v) => v !== undefined) : undefined;
  // A level word we do not know (`verbose`) is no reason to refuse a shipper's batch: INFO, and the label stays in metadata.
  log.level =
    levelOfWord(context.labelLevel) ?? levelOfWord(structuredLevel) ?? (typeof line === 'string' ? levelOfLine(line) : undefined) ?? 'INFO';
  return log;
}
