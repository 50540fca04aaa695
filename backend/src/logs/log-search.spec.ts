import { BadRequestException } from '@nestjs/common';
import { buildLogSearch, decodeCursor, encodeCursor, isLogId, splitMetadataFilters } from './log-search';

describe('splitMetadataFilters', () => {
  it('separates metadata.<path> filters from the other parameters', () => {
    expect(splitMetadataFilters({ level: 'ERROR', 'metadata.region': 'eu', 'metadata.http.status': '500' })).toEqual({
      rest: { level: 'ERROR' },
      metadata: [
        { path: ['region'], value: 'eu' },
        { path: ['http', 'status'], value: '500' },
      ],
    });
  });

  it('refuses empty keys, repeated filters and too many filters', () => {
    expect(() => splitMetadataFilters({ 'metadata.': 'x' })).toThrow(BadRequestException);
    expect(() => splitMetadataFilters({ 'metadata.a..b': 'x' })).toThrow(BadRequestException);
    expect(() => splitMetadataFilters({ 'metadata.a': ['1', '2'] })).toThrow(/given once/);
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`metadata.k${i}`, 'v']));
    expect(() => splitMetadataFilters(many)).toThrow(/At most 10/);
  });
});

describe('cursor', () => {
  it('round-trips (timestamp, id) through an opaque string', () => {
    const cursor = { timestamp: new Date('2026-11-24T10:00:00.123Z'), id: '9223372036854775807' };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('refuses a tampered cursor with 400', () => {
    const bad = [
      'not base64 json',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('["x","1"]').toString('base64url'),
      Buffer.from('["2026-11-24T10:00:00Z","1; DROP TABLE logs"]').toString('base64url'),
      Buffer.from('["2026-11-24T10:00:00Z","99999999999999999999"]').toString('base64url'),
    ];
    for (const text of bad) expect(() => decodeCursor(text)).toThrow(BadRequestException);
  });
});

describe('isLogId', () => {
  it('accepts positive bigints only', () => {
    expect(isLogId('1')).toBe(true);
    expect(isLogId('9223372036854775807')).toBe(true);
    for (const id of ['', 'abc', '-1', '1.5', '9223372036854775808', '1e3']) expect(isLogId(id)).toBe(false);
  });
});

describe('buildLogSearch', () => {
  it('puts every value in a parameter, never in the SQL text', () => {
    const { text, values } = buildLogSearch({
      serviceId: "x' OR 1=1 --",
      minLevel: 'WARN',
      from: new Date('2026-11-24T00:00:00Z'),
      q: 'gateway timeout',
      incidentId: '3f0c7a9e-1b2d-4c5e-8f90-123456789abc',
      metadata: [{ path: ['http', 'status'], value: '500' }],
      cursor: { timestamp: new Date('2026-11-24T10:00:00Z'), id: '42' },
      limit: 100,
    });
    expect(text).not.toContain('OR 1=1');
    expect(text).toContain(`to_tsvector('simple', l.message) @@ websearch_to_tsquery('simple', $3)`);
    expect(text).toContain('(l."timestamp", l.id) < ($8::timestamptz, $9::bigint)');
    expect(text).toMatch(/ORDER BY l."timestamp" DESC, l.id DESC LIMIT \$10::int$/);
    expect(values).toContainEqual(['http', 'status']);
    expect(values[values.length - 1]).toBe(101);
  });

  it('has no WHERE clause without filters', () => {
    expect(buildLogSearch({ metadata: [], limit: 5 }).text).not.toContain('WHERE');
  });
});
