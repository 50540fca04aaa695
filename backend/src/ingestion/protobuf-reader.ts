import { isUtf8 } from 'node:buffer';

/**
 * A minimal reader of the protobuf wire format (https://protobuf.dev/programming-guides/encoding/),
 * enough to decode OTLP without a dependency or generated code. Pure.
 *
 * Decoders loop `while (reader.next())`, switch on `reader.field`, read the fields they know with
 * the typed methods (which check the wire type) and `skip()` the others: unknown fields are
 * skipped by wire type, which is how protobuf stays forward compatible. Anything truncated or
 * malformed throws a ProtobufError that names where it is (`resourceLogs[0].scopeLogs[1]...`).
 */

export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, Fixed32: 5 } as const;

/** What a varint is, to say so when it is malformed. */
type VarintPart = 'value' | 'tag' | 'length';

const WIRE_TYPE_NAME: Record<number, string> = { 0: 'varint', 1: 'fixed64', 2: 'length-delimited', 5: 'fixed32' };

export class ProtobufError extends Error {
  constructor(
    /** Where in the message, e.g. `resourceLogs[0].scopeLogs[0].logRecords[2]` ('' at the top). */
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
  }
}

export class ProtobufReader {
  /** Field number and wire type of the field `next()` stopped on. */
  field = 0;
  wireType = 0;
  private pos: number;
  // The last varint read, as two unsigned 32-bit halves (no BigInt unless a caller needs 64 bits).
  private lo = 0;
  private hi = 0;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
    private readonly parent?: ProtobufReader,
    /** Name of this message in its parent, and its index when it is one of a repeated field. */
    private readonly label?: string,
    private readonly index?: number,
  ) {
    this.pos = start;
  }

  /** Moves to the next field; false at the end of the message. */
  next(): boolean {
    if (this.pos >= this.end) return false;
    this.varint(undefined, 'tag');
    if (this.hi !== 0) throw this.fail('field tag is larger than 32 bits');
    this.field = this.lo >>> 3;
    this.wireType = this.lo & 7;
    if (this.field === 0) throw this.fail('field number 0 is not valid');
    if (this.wireType === 3 || this.wireType === 4)
      throw this.fail(`field ${this.field} uses wire type ${this.wireType} (group), which proto3 messages never contain`);
    if (!(this.wireType in WIRE_TYPE_NAME)) throw this.fail(`field ${this.field} has wire type ${this.wireType}, which does not exist`);
    return true;
  }

  /** Skips the current field, whatever it holds (used for fields this decoder does not know). */
  skip(): void {
    switch (this.wireType) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        this.take(8);
        return;
      case WireType.Fixed32:
        this.take(4);
        return;
      default:
        this.lengthDelimited();
    }
  }

  /** int32 / enum: the low 32 bits of the varint, signed (negative values are sent as 10 bytes). */
  int32(name: string): number {
    this.expect(WireType.Varint, name);
    this.varint(name);
    return this.lo | 0;
  }

  uint32(name: string): number {
    this.expect(WireType.Varint, name);
    this.varint(name);
    return this.lo;
  }

  /** int64, exact: two's complement over 64 bits. */
  int64(name: string): bigint {
    this.expect(WireType.Varint, name);
    this.varint(name);
    return BigInt.asIntN(64, (BigInt(this.hi) << 32n) | BigInt(this.lo));
  }

  uint64(name: string): bigint {
    this.expect(WireType.Varint, name);
    this.varint(name);
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  bool(name: string): boolean {
    this.expect(WireType.Varint, name);
    this.varint(name);
    return this.lo !== 0 || this.hi !== 0;
  }

  fixed64(name: string): bigint {
    this.expect(WireType.Fixed64, name);
    return this.buf.readBigUInt64LE(this.take(8, name));
  }

  double(name: string): number {
    this.expect(WireType.Fixed64, name);
    return this.buf.readDoubleLE(this.take(8, name));
  }

  fixed32(name: string): number {
    this.expect(WireType.Fixed32, name);
    return this.buf.readUInt32LE(this.take(4, name));
  }

  /** The bytes of a length-delimited field (a view on the request body, not a copy). */
  bytes(name: string): Buffer {
    this.expect(WireType.LengthDelimited, name);
    const start = this.lengthDelimited(name);
    return this.buf.subarray(start, this.pos);
  }

  /** A string field; protobuf requires UTF-8, and bad bytes are refused rather than replaced. */
  string(name: string): string {
    this.expect(WireType.LengthDelimited, name);
    const start = this.lengthDelimited(name);
    if (!isUtf8(this.buf.subarray(start, this.pos))) throw this.fail(`${this.describe(name)} is not valid UTF-8`);
    return this.buf.toString('utf8', start, this.pos);
  }

  /** A reader over an embedded message; `name` and `index` say where it is in error messages. */
  message(name: string, index?: number): ProtobufReader {
    this.expect(WireType.LengthDelimited, name);
    const start = this.lengthDelimited(name);
    return new ProtobufReader(this.buf, start, this.pos, this, name, index);
  }

  /** An error located at this message, for decoders that find something wrong themselves. */
  fail(reason: string): ProtobufError {
    return new ProtobufError(this.path(), reason);
  }

  private path(): string {
    if (!this.parent || this.label === undefined) return '';
    const parentPath = this.parent.path();
    const own = this.index === undefined ? this.label : `${this.label}[${this.index}]`;
    return parentPath ? `${parentPath}.${own}` : own;
  }

  private expect(wireType: number, name: string): void {
    if (this.wireType !== wireType)
      throw this.fail(
        `${this.describe(name)} must be ${WIRE_TYPE_NAME[wireType]} (wire type ${wireType}), got ${WIRE_TYPE_NAME[this.wireType]} (wire type ${this.wireType})`,
      );
  }

  /** `severityText (field 3)`, or `field 3` for a field skipped unread. */
  private describe(name?: string): string {
    return name === undefined ? `field ${this.field}` : `${name} (field ${this.field})`;
  }

  private describeVarint(name: string | undefined, part: VarintPart): string {
    return part === 'tag' ? 'field tag' : part === 'length' ? `the length of ${this.describe(name)}` : this.describe(name);
  }

  /** Reads a varint into lo/hi. At most 10 bytes, the last of which may only carry bit 63. */
  private varint(name?: string, part: VarintPart = 'value'): void {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end)
        throw this.fail(`truncated: ${this.describeVarint(name, part)} (a varint) runs past the end of its message`);
      const byte = this.buf[this.pos++]!;
      const bits = byte & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= (bits & 0x0f) << 28;
        hi = bits >>> 4;
      } else {
        if (i === 9 && bits > 1) throw this.fail(`${this.describeVarint(name, part)} is a varint larger than 64 bits`);
        hi |= bits << (7 * i - 32);
      }
      if (byte < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw this.fail(`${this.describeVarint(name, part)} is a varint longer than 10 bytes`);
  }

  /** Reads a length prefix and moves past the bytes it announces; returns where they start. */
  private lengthDelimited(name?: string): number {
    this.varint(name, 'length');
    const left = this.end - this.pos;
    if (this.hi !== 0 || this.lo > left)
      throw this.fail(`truncated: ${this.describe(name)} announces ${this.hi !== 0 ? 'over 4 GB' : `${this.lo} bytes`}, ${left} left`);
    const start = this.pos;
    this.pos += this.lo;
    return start;
  }

  private take(length: number, name?: string): number {
    const left = this.end - this.pos;
    if (length > left) throw this.fail(`truncated: ${this.describe(name)} needs ${length} bytes, ${left} left`);
    const start = this.pos;
    this.pos += length;
    return start;
  }
}
