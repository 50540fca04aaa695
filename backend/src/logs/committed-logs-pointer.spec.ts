import { formatPointer, mergePointers, parsePointer, type CommittedLogsPointer } from './committed-logs-pointer';

const pointer: CommittedLogsPointer = { firstId: '100', lastId: '599', fromMs: 1_764_000_000_000, toMs: 1_764_000_000_500, count: 500 };

describe('committed logs pointer', () => {
  it('round-trips through the NOTIFY payload, well under its 8000-byte limit', () => {
    const payload = formatPointer({ ...pointer, firstId: '9223372036854775000', lastId: '9223372036854775807' });
    expect(payload.length).toBeLessThan(200);
    expect(parsePointer(payload)).toEqual({ ...pointer, firstId: '9223372036854775000', lastId: '9223372036854775807' });
  });

  it('merges commits into one span of ids and times, comparing ids as numbers', () => {
    const later: CommittedLogsPointer = { firstId: '1000', lastId: '1099', fromMs: 1_763_999_000_000, toMs: 1_764_000_000_100, count: 100 };
    expect(mergePointers(pointer, later)).toEqual({
      firstId: '100',
      lastId: '1099',
      fromMs: 1_763_999_000_000,
      toMs: 1_764_000_000_500,
      count: 600,
    });
  });

  it('ignores payloads that are not pointers (anyone with database access can NOTIFY)', () => {
    for (const payload of [
      '',
      'not json',
      'null',
      '{"first_id":"5","last_id":"4","from":1,"to":2,"count":1}',
      '{"first_id":"1; DROP","last_id":"4","from":1,"to":2,"count":1}',
      '{"first_id":1,"last_id":4,"from":1,"to":2,"count":1}',
      '{"first_id":"1","last_id":"4","from":3,"to":2,"count":1}',
      '{"first_id":"1","last_id":"4","from":1,"to":2,"count":-1}',
      '{"first_id":"99999999999999999999","last_id":"99999999999999999999","from":1,"to":2,"count":1}',
      `{"first_id":"1","last_id":"4","from":1,"to":2,"count":1,"pad":"${'x'.repeat(300)}"}`,
    ]) {
      expect(parsePointer(payload)).toBeUndefined();
    }
  });
});
