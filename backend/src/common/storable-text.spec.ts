import { findUnstorableText, isStorableText } from './storable-text';

describe('text PostgreSQL can store', () => {
  it.each([
    ['plain text', 'Gateway timeout', true],
    ['emoji (a surrogate pair)', 'fire \u{1F525}', true],
    ['NUL', 'a\u0000b', false],
    ['an unpaired surrogate', 'a\ud800b', false],
  ])('%s', (_case, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });

  it('names every offending field by its path, keys included', () => {
    const body = { title: 'ok', nested: { a: ['fine', 'x\u0000'], 'k\u0000': 1 }, list: [{ b: '\ud800' }] };
    expect(findUnstorableText(body).sort()).toEqual(['list[0].b', 'nested.a[1]', 'nested.k\u0000']);
  });

  it('prefixes the parameter name of a single value', () => {
    expect(findUnstorableText('a\u0000', 'token')).toEqual(['token']);
    expect(findUnstorableText(['ok', '\u0000'], 'tag')).toEqual(['tag[1]']);
  });

  it('walks a deeply nested value without exhausting the stack, and reports a bounded number of fields', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toHaveLength(1);
    expect(findUnstorableText(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(20);
  });
});
