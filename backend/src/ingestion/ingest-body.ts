import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { isUtf8 } from 'node:buffer';
import secureJson from 'secure-json-parse';
import type { LogFieldError } from './log-validation';

/**
 * Turning request bytes into a list of logs: strict UTF-8, JSON without prototype
 * poisoning, NDJSON line by line, and the request shapes `/ingest` accepts. Pure.
 */

const PARSE_OPTIONS = { protoAction: 'error', constructorAction: 'error' } as const;

/** An error whose message is safe to show the client; Fastify and the error filter read `statusCode`. */
export class BodyError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Bytes to text, refusing invalid UTF-8 instead of silently replacing it with U+FFFD. */
export function decodeUtf8(body: Buffer): string {
  if (!isUtf8(body)) throw new BodyError(400, 'Request body is not valid UTF-8');
  const text = body.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** JSON.parse that refuses `__proto__` and `constructor.prototype` keys. */
export function parseJsonText(text: string): unknown {
  try {
    return secureJson.parse(text, null, PARSE_OPTIONS);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BodyError(400, /forbidden prototype/.test(reason) ? `Invalid JSON: ${reason}` : `Malformed JSON: ${reason}`);
  }
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new BodyError(400, 'Request body is empty');
  const text = decodeUtf8(body);
  if (text.trim() === '') throw new BodyError(400, 'Request body is empty');
  return parseJsonText(text);
}

/** A parsed NDJSON body: one log per non-blank line, lines that are not JSON kept as errors. */
export class NdjsonBody {
  constructor(
    readonly items: unknown[],
    /** 1-based line number of each item. */
    readonly lines: number[],
    readonly parseErrors: LogFieldError[],
  ) {}
}

export function parseNdjsonBody(body: Buffer, maxLogs: number): NdjsonBody {
  const text = decodeUtf8(body);
  const items: unknown[] = [];
  const lines: number[] = [];
  const parseErrors: LogFieldError[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    if (items.length >= maxLogs) throw new PayloadTooLargeException(`Too many logs in one request: at most ${maxLogs}`);
    const index = items.length;
    try {
      items.push(parseJsonText(line));
    } catch (error) {
      items.push(undefined);
      parseErrors.push({ index, line: lineNumber, field: 'log', message: error instanceof Error ? error.message : String(error) });
    }
    lines.push(lineNumber);
  }
  if (items.length === 0) throw new BodyError(400, 'Request body is empty: send at least one log');
  return new NdjsonBody(items, lines, parseErrors);
}

export interface LogsOfRequest {
  items: unknown[];
  /** NDJSON: the line of each item. */
  lines?: number[];
  parseErrors: LogFieldError[];
}

/** One log, an array of logs, `{logs: [...]}` or NDJSON: the list of logs, within the count limit. */
export function logsOfRequest(body: unknown, maxLogs: number): LogsOfRequest {
  let result: LogsOfRequest;
  if (body instanceof NdjsonBody) result = { items: body.items, lines: body.lines, parseErrors: body.parseErrors };
  else if (body === undefined || body === null || body === '')
    throw new BadRequestException('Request body is empty: send a log, an array of logs or {"logs": [...]}');
  else if (Array.isArray(body)) result = { items: body, parseErrors: [] };
  else if (typeof body === 'object' && 'logs' in body) {
    const logs = (body as { logs: unknown }).logs;
    if (!Array.isArray(logs))
      throw new BadRequestException({ message: 'logs must be an array', details: [{ field: 'logs', message: 'must be an array' }] });
    result = { items: logs, parseErrors: [] };
  } else if (typeof body === 'object') result = { items: [body], parseErrors: [] };
  else throw new BadRequestException('Request body must be a log object, an array of logs or {"logs": [...]}');
  if (result.items.length === 0) throw new BadRequestException('No logs in the request: send at least one');
  if (result.items.length > maxLogs)
    throw new PayloadTooLargeException(`Too many logs in one request: ${result.items.length}, at most ${maxLogs}`);
  return result;
}
