import { ProtobufError, ProtobufReader } from './protobuf-reader';

const reader = (...bytes: number[]) => new ProtobufReader(Buffer.from(bytes));

/** Every field of a message as [field, wireType], skipping the values. */
function fieldsOf(r: ProtobufReader): Array<[number, number]> {
  const fields: Array<[number, number]> = [];
  while (r.next()) {
    fields.push([r.field, r.wireType]);
    r.skip();
  }
  return fields;
}

function errorOf(read: () => unknown): ProtobufError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtobufError);
    return error as ProtobufError;
  }
  throw new Error('expected a ProtobufError');
}

describe('ProtobufReader', () => {
  it('reads a varint field, its number and wire type (the example of the protobuf docs: 150)', () => {
    const r = reader(0x08, 0x96, 0x01);
    expect(r.next()).toBe(true);
    expect([r.field, r.wireType]).toEqual([1, 0]);
    expect(r.uint32('a')).toBe(150);
    expect(r.next()).toBe(false);
  });

  it('reads field numbers that need a multi-byte tag', () => {
    // field 1000, wire type 2: tag 8002 = 0xc2 0x3e
    const r = reader(0xc2, 0x3e, 0x01, 0x41);
    expect(r.next()).toBe(true);
    expect([r.field, r.wireType]).toEqual([1000, 2]);
    expect(r.string('s')).toBe('A');
  });

  it('reads negative int64 and int32 values, sent as 10-byte two complement varints', () => {
    const minusOne = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    let r = reader(0x18, ...minusOne);
    r.next();
    expect(r.int64('i')).toBe(-1n);
    r = reader(0x10, ...minusOne);
    r.next();
    expect(r.int32('e')).toBe(-1);
    // -2^63, the smallest int64
    r = reader(0x18, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
    r.next();
    expect(r.int64('i')).toBe(-9223372036854775808n);
    // -42 (what the OpenTelemetry JS SDK sends for an attribute of -42)
    r = reader(0x18, 0xd6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    r.next();
    expect(r.int64('i')).toBe(-42n);
  });

  it('keeps 64-bit values exact, beyond what a double can hold', () => {
    // 2^53 + 1 as a varint
    let r = reader(0x18, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10);
    r.next();
    expect(r.int64('i')).toBe(9007199254740993n);
    r = reader(0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    r.next();
    expect(r.uint64('u')).toBe(18446744073709551615n);
    // fixed64 1795514400123456789 (nanoseconds), little-endian
    const nanos = Buffer.alloc(8);
    nanos.writeBigUInt64LE(1795514400123456789n);
    r = reader(0x09, ...nanos);
    r.next();
    expect(r.fixed64('t')).toBe(1795514400123456789n);
  });

  it('reads fixed32, double, bool, bytes and strings', () => {
    const r = reader(
      ...[0x45, 0x01, 0x00, 0x00, 0x00], // field 8 fixed32 = 1
      ...[0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0x3f], // field 4 double = 0.5
      ...[0x10, 0x01], // field 2 bool = true
      ...[0x3a, 0x02, 0xca, 0xfe], // field 7 bytes
      ...[0x0a, 0x03, 0xe2, 0x82, 0xac], // field 1 string "€"
    );
    r.next();
    expect(r.fixed32('flags')).toBe(1);
    r.next();
    expect(r.double('d')).toBe(0.5);
    r.next();
    expect(r.bool('b')).toBe(true);
    r.next();
    expect(r.bytes('x').toString('hex')).toBe('cafe');
    r.next();
    expect(r.string('s')).toBe('€');
    expect(r.next()).toBe(false);
  });

  it('reads an embedded message with its own reader, and goes on after it', () => {
    // field 2 = { field 1 = "ab" }, then field 3 = 7
    const r = reader(0x12, 0x04, 0x0a, 0x02, 0x61, 0x62, 0x18, 0x07);
    r.next();
    const inner = r.message('inner');
    expect(inner.next()).toBe(true);
    expect(inner.string('s')).toBe('ab');
    expect(inner.next()).toBe(false);
    expect(r.next()).toBe(true);
    expect([r.field, r.uint32('n')]).toEqual([3, 7]);
  });

  it('skips unknown fields of every wire type, wherever they are', () => {
    const r = reader(
      ...[0xb8, 0x06, 0x96, 0x01], // field 103 varint
      ...[0x08, 0x05], // field 1 = 5, the one we read
      ...[0xb1, 0x06, 1, 2, 3, 4, 5, 6, 7, 8], // field 102 fixed64
      ...[0xaa, 0x06, 0x03, 0x61, 0x62, 0x63], // field 101 length-delimited
      ...[0xa5, 0x06, 1, 2, 3, 4], // field 100 fixed32
    );
    const seen: number[] = [];
    while (r.next()) {
      if (r.field === 1) seen.push(r.uint32('known'));
      else r.skip();
    }
    expect(seen).toEqual([5]);
  });

  it('skips a packed repeated field as one length-delimited field, and repeated unpacked ones one by one', () => {
    // field 4 packed [3, 270, 86942], then the same values unpacked, then field 1 = 1
    const packed = [0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05];
    const unpacked = [0x20, 0x03, 0x20, 0x8e, 0x02, 0x20, 0x9e, 0xa7, 0x05];
    expect(fieldsOf(reader(...packed, ...unpacked, 0x08, 0x01))).toEqual([
      [4, 2],
      [4, 0],
      [4, 0],
      [4, 0],
      [1, 0],
    ]);
  });

  it('refuses a known field sent with another wire type (a scalar sent packed, a message sent as a number)', () => {
    const packedScalar = reader(0x12, 0x01, 0x09);
    packedScalar.next();
    expect(errorOf(() => packedScalar.int32('severityNumber')).reason).toBe(
      'severityNumber (field 2) must be varint (wire type 0), got length-delimited (wire type 2)',
    );
    const numberForMessage = reader(0x08, 0x05);
    numberForMessage.next();
    expect(errorOf(() => numberForMessage.message('resource')).reason).toMatch(/resource \(field 1\) must be length-delimited/);
  });

  describe('refuses truncated input, saying what was cut', () => {
    it.each([
      ['a tag cut in the middle', [0x80]],
      ['a varint value cut', [0x08, 0x96]],
      ['a fixed64 with 3 of its 8 bytes', [0x09, 1, 2, 3]],
      ['a fixed32 with 2 of its 4 bytes', [0x0d, 1, 2]],
      ['a length-delimited field announcing more than is left', [0x0a, 0x05, 0x61]],
      ['a length that is itself cut', [0x0a, 0x80]],
    ])('%s', (_name, bytes) => {
      const r = reader(...bytes);
      const error = errorOf(() => {
        while (r.next()) r.skip();
      });
      expect(error.reason).toMatch(/^truncated: /);
    });
  });

  describe('refuses malformed input', () => {
    it.each([
      ['field number 0', [0x00, 0x01], /field number 0/],
      ['a group (wire type 3)', [0x0b], /wire type 3 \(group\)/],
      ['an end-group (wire type 4)', [0x0c], /wire type 4 \(group\)/],
      ['wire type 6', [0x0e], /wire type 6, which does not exist/],
      ['wire type 7', [0x0f, 0x00], /wire type 7, which does not exist/],
      ['a varint of 11 bytes', [0x08, ...Array(10).fill(0x80), 0x01], /longer than 10 bytes/],
      ['a varint over 64 bits', [0x08, ...Array(9).fill(0xff), 0x02], /larger than 64 bits/],
      ['a tag over 32 bits', [0x80, 0x80, 0x80, 0x80, 0x10], /tag is larger than 32 bits/],
    ])('%s', (_name, bytes, message) => {
      const r = reader(...bytes);
      expect(
        errorOf(() => {
          while (r.next()) r.skip();
        }).reason,
      ).toMatch(message);
    });

    it('a string that is not UTF-8', () => {
      const r = reader(0x1a, 0x02, 0xc3, 0x28);
      r.next();
      expect(errorOf(() => r.string('severityText')).reason).toBe('severityText (field 3) is not valid UTF-8');
    });
  });

  it('names where an error is: the path of embedded messages and their index', () => {
    // field 1 = { field 2 = {}, field 2 = { field 5 = <truncated> } }
    const r = reader(0x0a, 0x06, 0x12, 0x00, 0x12, 0x02, 0x2a, 0x05);
    r.next();
    const outer = r.message('resourceLogs', 0);
    let index = 0;
    const error = errorOf(() => {
      while (outer.next()) {
        const inner = outer.message('scopeLogs', index++);
        while (inner.next()) inner.skip();
      }
    });
    expect(error.path).toBe('resourceLogs[0].scopeLogs[1]');
    expect(error.reason).toBe('truncated: field 5 announces 5 bytes, 0 left');
    expect(error.message).toBe(`resourceLogs[0].scopeLogs[1]: ${error.reason}`);
  });
});
