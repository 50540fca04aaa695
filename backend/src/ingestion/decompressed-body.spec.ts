import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { decompressedBody } from './decompressed-body';
import type { BodyError } from './ingest-body';

async function drain(stream: Readable): Promise<{ bytes: number; error?: BodyError }> {
  let bytes = 0;
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.on('end', () => resolve({ bytes }));
    stream.on('error', (error) => resolve({ bytes, error: error as BodyError }));
  });
}

describe('decompressedBody', () => {
  it('passes an uncompressed body through untouched', () => {
    expect(decompressedBody(Readable.from([]), undefined, 100)).toBeUndefined();
    expect(decompressedBody(Readable.from([]), 'identity', 100)).toBeUndefined();
  });

  it('inflates gzip and counts the compressed bytes for Fastify', async () => {
    const packed = gzipSync('{"hello":"world"}');
    const stream = decompressedBody(Readable.from([packed]), 'gzip', 1000)!;
    expect(await drain(stream)).toEqual({ bytes: 17 });
    expect(stream.receivedEncodedLength).toBe(packed.length);
  });

  it('stops a gzip bomb at the limit with 413, having produced no more than the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const result = await drain(decompressedBody(Readable.from([bomb]), 'gzip', 64 * 1024)!);
    expect(result.error?.statusCode).toBe(413);
    expect(result.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('refuses corrupt data with 400 and unknown encodings with 415', async () => {
    expect((await drain(decompressedBody(Readable.from([Buffer.from('nope')]), 'gzip', 1000)!)).error?.statusCode).toBe(400);
    expect(() => decompressedBody(Readable.from([]), 'zstd', 1000)).toThrow(expect.objectContaining({ statusCode: 415 }));
  });

  it('stops deeply nested JSON at the first chunk that goes too deep, long before the size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(2_500_000, '['));
    const result = await drain(decompressedBody(Readable.from([bomb]), 'gzip', 5 * 1024 * 1024, 64)!);
    expect(result.error).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/nested more than 64 levels deep \(at byte 64\)/),
    });
    expect(result.bytes).toBe(0);
  });
});
