/**
 * Splits a syslog TCP stream into messages (RFC 6587): octet counting (`<length> <message>`, what
 * rsyslog and `logger --octet-count` send) or non-transparent framing (one message per line),
 * decided per frame by its first byte. Pure. A frame longer than `maxBytes` is skipped, never
 * buffered: memory per connection stays below `maxBytes` plus one chunk.
 */
export class SyslogFrameDecoder {
  private buffer = Buffer.alloc(0);
  /** Bytes of an oversized frame still to be thrown away. */
  private skipping = 0;
  private skippingLine = false;

  constructor(private readonly maxBytes: number) {}

  /** The complete messages in what arrived so far, and what was thrown away and why. */
  push(chunk: Buffer): { messages: Buffer[]; problems: string[] } {
    const messages: Buffer[] = [];
    const problems: string[] = [];
    let data = this.buffer.length > 0 ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.skipping > 0) {
        const skipped = Math.min(this.skipping, data.length);
        this.skipping -= skipped;
        data = data.subarray(skipped);
      }
      if (this.skippingLine) {
        const newline = data.indexOf(0x0a);
        if (newline === -1) {
          data = data.subarray(data.length);
        } else {
          this.skippingLine = false;
          data = data.subarray(newline + 1);
        }
      }
      // Frames may be separated by stray line breaks (octet counting senders that also add LF).
      let start = 0;
      while (start < data.length && (data[start] === 0x0a || data[start] === 0x0d)) start++;
      data = data.subarray(start);
      if (data.length === 0 || this.skipping > 0 || this.skippingLine) break;
      const frame = data[0]! >= 0x30 && data[0]! <= 0x39 ? this.octetCounted(data, problems) : this.lineFramed(data, problems);
      if (frame === undefined) break;
      if (frame.message) messages.push(frame.message);
      data = data.subarray(frame.consumed);
    }
    this.buffer = Buffer.from(data);
    return { messages, problems };
  }

  private octetCounted(data: Buffer, problems: string[]): { message?: Buffer; consumed: number } | undefined {
    const space = data.indexOf(0x20);
    if (space === -1) {
      if (data.length > 10) return this.badFrame(data, problems, 'octet count is not followed by a space');
      return undefined;
    }
    const digits = data.toString('latin1', 0, space);
    if (!/^[1-9]\d{0,9}$/.test(digits)) return this.badFrame(data, problems, `"${digits.slice(0, 12)}" is not an octet count`);
    const length = Number(digits);
    if (length > this.maxBytes) {
      problems.push(`message of ${length} bytes skipped: over SYSLOG_MAX_MESSAGE_BYTES (${this.maxBytes})`);
      this.skipping = length;
      return { consumed: space + 1 };
    }
    if (data.length < space + 1 + length) return undefined;
    return { message: data.subarray(space + 1, space + 1 + length), consumed: space + 1 + length };
  }

  private lineFramed(data: Buffer, problems: string[]): { message?: Buffer; consumed: number } | undefined {
    const newline = data.indexOf(0x0a);
    if (newline === -1) {
      if (data.length <= this.maxBytes) return undefined;
      problems.push(`line skipped: longer than SYSLOG_MAX_MESSAGE_BYTES (${this.maxBytes})`);
      this.skippingLine = true;
      return { consumed: data.length };
    }
    if (newline > this.maxBytes) {
      problems.push(`line skipped: longer than SYSLOG_MAX_MESSAGE_BYTES (${this.maxBytes})`);
      return { consumed: newline + 1 };
    }
    const end = newline > 0 && data[newline - 1] === 0x0d ? newline - 1 : newline;
    return { message: data.subarray(0, end), consumed: newline + 1 };
  }

  /** Neither framing: the rest of the line is dropped, and reading resumes after it. */
  private badFrame(data: Buffer, problems: string[], why: string): { consumed: number } {
    problems.push(`frame skipped: ${why}`);
    const newline = data.indexOf(0x0a);
    if (newline === -1) {
      this.skippingLine = true;
      return { consumed: data.length };
    }
    return { consumed: newline + 1 };
  }
}
