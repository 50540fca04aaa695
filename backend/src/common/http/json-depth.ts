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
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const { maxDepth } = this;
    let { depth, inString } = this;
    let i = 0;
    if (this.escaped) i = 1;
    this.escaped = false;
    // Inside strings (most of a log's bytes) the next quote and backslash are found natively;
    // their positions are kept until passed, so each byte is looked at a bounded number of times.
    let nextQuote = -2;
    let nextBackslash = -2;
    let found = -1;
    while (i < bytes.length) {
      if (inString) {
        if (nextQuote !== -1 && nextQuote < i) nextQuote = bytes.indexOf(QUOTE, i);
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = bytes.indexOf(BACKSLASH, i);
        if (nextBackslash !== -1 && (nextQuote === -1 || nextBackslash < nextQuote)) {
          // An escape: the byte after the backslash, maybe in the next chunk, is never the end.
          i = nextBackslash + 2;
          if (i > bytes.length) this.escaped = true;
        } else if (nextQuote !== -1) {
          inString = false;
          i = nextQuote + 1;
        } else i = bytes.length;
        continue;
      }
      const byte = bytes[i]!;
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        if (++depth > maxDepth) {
          found = this.scanned + i;
          break;
        }
      } else if ((byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) && depth > 0) depth--;
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    this.scanned += bytes.length;
    return found;
  }
}

/** The offset of the first `[` or `{` beyond `maxDepth` in a whole body, or -1. */
export function excessiveNestingOffset(body: Uint8Array, maxDepth: number): number {
  return new JsonNestingScanner(maxDepth).scan(body);
}

export const tooDeepMessage = (maxDepth: number, offset: number) =>
  `Request body is nested more than ${maxDepth} levels deep (at byte ${offset})`;
