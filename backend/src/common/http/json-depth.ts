const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Finds where JSON text (or NDJSON, line after line) first opens nesting level `maxDepth + 1`,
 * chunk after chunk, so that a body can be refused while it is still arriving or inflating.
 *
 * It scans raw bytes, before JSON.parse: V8's parser builds every level it is given (2.5 M
 * nested arrays took ~600 MB and 19 s), and the code after it recurses. Brackets inside strings
 * do not count; a string ends at an unescaped quote, as it does for JSON.parse, so the parser
 * can never reach a level this scan did not see. Bytes are enough: in UTF-8 no byte of a
 * multi-byte character is below 0x80, so none can be mistaken for a quote or a bracket.
 */
export class JsonNestingScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scanned = 0;

  constructor(readonly maxDepth: number) {}

  /** The offset in the whole input of the first bracket beyond `maxDepth`, or -1 so far. */
  scan(chunk: Uint8Array): number {
    const { maxDepth } = this;
    let { depth, inString, escaped } = this;
    let found = -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) inString = true;
      else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        if (++depth > maxDepth) {
          found = this.scanned + i;
          break;
        }
      } else if ((byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) && depth > 0) depth--;
    }
    Object.assign(this, { depth, inString, escaped });
    this.scanned += chunk.length;
    return found;
  }
}

/** The offset of the first `[` or `{` beyond `maxDepth` in a whole body, or -1. */
export function excessiveNestingOffset(body: Uint8Array, maxDepth: number): number {
  return new JsonNestingScanner(maxDepth).scan(body);
}

export const tooDeepMessage = (maxDepth: number, offset: number) =>
  `Request body is nested more than ${maxDepth} levels deep (at byte ${offset})`;
