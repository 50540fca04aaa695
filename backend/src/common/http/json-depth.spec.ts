import { excessiveNestingOffset, JsonNestingScanner } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('excessiveNestingOffset', () => {
  it('accepts JSON exactly at the limit and points at the bracket one level beyond it', () => {
    expect(excessiveNestingOffset(bytes('[[{"a":[1]}]]'), 4)).toBe(-1);
    expect(excessiveNestingOffset(bytes('[[{"a":[1]}]]'), 3)).toBe(7);
  });

  it('counts the depth of each value, not the number of brackets', () => {
    expect(excessiveNestingOffset(bytes('[[1],[2],[3],{"a":1},{"b":[]}]'), 3)).toBe(-1);
    expect(excessiveNestingOffset(bytes('[[1],[2],[3],{"a":1},{"b":[]}]'), 2)).toBe(26);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    expect(excessiveNestingOffset(bytes('{"m":"[[[[{{{{"}'), 1)).toBe(-1);
    expect(excessiveNestingOffset(bytes('{"m":"say \\"[[[[\\" twice"}'), 1)).toBe(-1);
    expect(excessiveNestingOffset(bytes('{"m":"ends in a backslash \\\\"}'), 1)).toBe(-1);
    expect(excessiveNestingOffset(bytes('{"m":"\\\\", "n": [[1]]}'), 2)).toBe(17);
  });

  it('is not fooled by multi-byte characters', () => {
    expect(excessiveNestingOffset(bytes('{"m":"é[ü{😀"}'), 1)).toBe(-1);
  });

  it('carries depth across NDJSON lines only as far as the brackets are unclosed', () => {
    expect(excessiveNestingOffset(bytes('[[1]]\n[[2]]\n[[3]]'), 2)).toBe(-1);
    expect(excessiveNestingOffset(bytes('[[\n[[\n'), 3)).toBe(4);
  });

  it('stops at the first excessive level of a huge input without reading the rest', () => {
    const bomb = Buffer.alloc(2_500_000, '[');
    const started = performance.now();
    expect(excessiveNestingOffset(bomb, 64)).toBe(64);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('does not let stray closing brackets lower the count below zero', () => {
    expect(excessiveNestingOffset(bytes(']]]]][[['), 2)).toBe(7);
  });
});

describe('JsonNestingScanner', () => {
  it('finds the same offset whatever the chunk boundaries, escapes and strings included', () => {
    const text = bytes('{"a":"x\\"[[[\\\\","b":[[{"c":"]]]]"}]],"d":[[[[1]]]]}');
    const whole = excessiveNestingOffset(text, 4);
    expect(whole).toBe(text.indexOf('[[[[1') + 3);
    for (let size = 1; size <= 7; size++) {
      const scanner = new JsonNestingScanner(4);
      let found = -1;
      for (let start = 0; start < text.length && found === -1; start += size) found = scanner.scan(text.subarray(start, start + size));
      expect([size, found]).toEqual([size, whole]);
    }
  });
});

describe('JsonNestingScanner against a byte-by-byte reference', () => {
  /** The plain definition: one byte at a time, a backslash in a string skips the next byte. */
  function reference(body: Uint8Array, maxDepth: number): number {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < body.length; i++) {
      const byte = body[i]!;
      if (inString) {
        if (byte === 0x5c) i++;
        else if (byte === 0x22) inString = false;
      } else if (byte === 0x22) inString = true;
      else if (byte === 0x5b || byte === 0x7b) {
        if (++depth > maxDepth) return i;
      } else if ((byte === 0x5d || byte === 0x7d) && depth > 0) depth--;
    }
    return -1;
  }

  it('agrees on 2,000 random inputs of brackets, quotes and backslashes, cut into random chunks', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '[]{}"\\\\a,';
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const input = bytes(text);
      const maxDepth = 1 + Math.floor(random() * 4);
      const scanner = new JsonNestingScanner(maxDepth);
      let found = -1;
      for (let start = 0; start < input.length && found === -1;) {
        const size = 1 + Math.floor(random() * 8);
        found = scanner.scan(input.subarray(start, start + size));
        start += size;
      }
      expect([text, maxDepth, found]).toEqual([text, maxDepth, reference(input, maxDepth)]);
    }
  });
});
