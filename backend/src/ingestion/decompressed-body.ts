import { Transform, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, type BrotliDecompress, type Gunzip, type Inflate } from 'node:zlib';
import { JsonNestingScanner, tooDeepMessage } from '../common/http/json-depth';
import { BodyError } from './ingest-body';

const DECODERS: Record<string, () => Gunzip | Inflate | BrotliDecompress> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export const SUPPORTED_ENCODINGS = Object.keys(DECODERS);

/** Fastify compares this with Content-Length and its body limit (see its preParsing docs). */
type DecodedStream = Transform & { receivedEncodedLength: number };

/**
 * The decompressed request body, cut off with a 413 as soon as it grows past `maxBytes`:
 * a gzip bomb costs at most `maxBytes` of memory and the CPU to inflate that much, because
 * the decoder is destroyed at that point and the rest of the upload is discarded unread.
 * With `maxJsonDepth` (JSON bodies), too deep a body is refused with a 400 the same way, at
 * the first chunk that goes too deep: 2.5 M nested `[` in 5 KB of gzip stop after 16 KB.
 * Returns undefined for an uncompressed body.
 */
export function decompressedBody(
  source: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  maxJsonDepth?: number,
): DecodedStream | undefined {
  const encoding = contentEncoding?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return undefined;
  const createDecoder = DECODERS[encoding];
  if (!createDecoder) throw new BodyError(415, `Content-Encoding "${encoding}" is not supported (use ${SUPPORTED_ENCODINGS.join(', ')})`);

  const decoder = createDecoder();
  const nesting = maxJsonDepth === undefined ? undefined : new JsonNestingScanner(maxJsonDepth);
  let produced = 0;
  const stop = () => {
    source.unpipe(decoder);
    decoder.destroy();
    // Read and discard what the client still sends, so that the 413 can be answered.
    source.resume();
  };
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      produced += chunk.length;
      if (produced > maxBytes) {
        stop();
        callback(new BodyError(413, `Request body is larger than ${maxBytes} bytes once decompressed`));
        return;
      }
      const tooDeepAt = nesting ? nesting.scan(chunk) : -1;
      if (tooDeepAt !== -1) {
        stop();
        callback(new BodyError(400, tooDeepMessage(maxJsonDepth!, tooDeepAt)));
        return;
      }
      callback(null, chunk);
    },
  }) as DecodedStream;
  limited.receivedEncodedLength = 0;
  // Fastify drops its listeners after the first error; a second one must not crash the process.
  limited.on('error', () => undefined);
  source.on('data', (chunk: Buffer) => {
    limited.receivedEncodedLength += chunk.length;
  });
  decoder.on('error', (error) => {
    stop();
    limited.destroy(new BodyError(400, `Request body is not valid ${encoding} data: ${error.message}`));
  });
  source.pipe(decoder).pipe(limited);
  return limited;
}
