import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { BodyError, logsOfRequest, NdjsonBody, parseJsonBody, parseNdjsonBody } from './ingest-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('parseJsonBody', () => {
  it('parses JSON and drops a byte order mark', () => {
    expect(parseJsonBody(bytes('\ufeff{"a":1}'))).toEqual({ a: 1 });
  });

  it('refuses empty, malformed, non-UTF-8 and prototype-poisoning bodies with 400', () => {
    for (const body of [
      bytes(''),
      bytes(' \n'),
      bytes('{"a":'),
      Buffer.from([0x7b, 0xff, 0x7d]),
      bytes('{"__proto__":{"x":1}}'),
      bytes('{"constructor":{"prototype":{}}}'),
    ]) {
      expect(() => parseJsonBody(body)).toThrow(BodyError);
      try {
        parseJsonBody(body);
      } catch (error) {
        expect((error as BodyError).statusCode).toBe(400);
      }
    }
  });
});

describe('parseNdjsonBody', () => {
  it('reads one value per line, skipping blank lines and keeping line numbers', () => {
    const body = parseNdjsonBody(bytes('{"n":1}\r\n\n  \n{"n":2}\n'), 10);
    expect(body.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(body.lines).toEqual([1, 4]);
    expect(body.parseErrors).toEqual([]);
  });

  it('keeps going past a bad line so that every bad line is reported', () => {
    const body = parseNdjsonBody(bytes('{"n":1}\nnot json\n{"__proto__":{}}\n'), 10);
    expect(body.parseErrors.map((e) => [e.index, e.line])).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('refuses more lines than allowed with 413 and an empty body with 400', () => {
    expect(() => parseNdjsonBody(bytes('{}\n{}\n{}'), 2)).toThrow(PayloadTooLargeException);
    expect(() => parseNdjsonBody(bytes('\n\n'), 2)).toThrow(/empty/);
  });
});

describe('logsOfRequest', () => {
  const log = { service_id: 's', level: 'INFO', message: 'm' };

  it('accepts one log, an array of logs, {logs: [...]} and NDJSON', () => {
    expect(logsOfRequest(log, 10).items).toEqual([log]);
    expect(logsOfRequest([log, log], 10).items).toHaveLength(2);
    expect(logsOfRequest({ logs: [log] }, 10).items).toEqual([log]);
    expect(logsOfRequest(new NdjsonBody([log], [3], []), 10)).toEqual({ items: [log], lines: [3], parseErrors: [] });
  });

  it('refuses nothing, no logs, other shapes (400) and too many logs (413)', () => {
    expect(() => logsOfRequest(undefined, 10)).toThrow(BadRequestException);
    expect(() => logsOfRequest([], 10)).toThrow(/No logs/);
    expect(() => logsOfRequest({ logs: {} }, 10)).toThrow(/must be an array/);
    expect(() => logsOfRequest(42, 10)).toThrow(BadRequestException);
    expect(() => logsOfRequest([log, log, log], 2)).toThrow(PayloadTooLargeException);
  });
});
