import { deflateSync, inflateSync } from 'node:zlib';
import { CodecNotLoadedError, DecodeError } from '../errors.js';
import { loadedCodec } from './codecModules.js';
import { DEFAULT_DECODE_LIMITS, DecodeLimitExceeded } from './decodeLimits.js';

/** Largest decompressed body accepted by default, so a small bomb cannot exhaust memory. */
export const MAX_DECOMPRESSED_BYTES = DEFAULT_DECODE_LIMITS.maxDecompressedBytes;

/** Inflates `data`, stopping (throwing) as soon as the output would pass `maxBytes`. */
type Decompressor = (data: Buffer, maxBytes: number) => Buffer;

class OutputCapReached extends Error {}

function inflateZlib(data: Buffer, maxBytes: number): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: maxBytes });
  } catch (error) {
    // zlib stops inflating at maxOutputLength and reports it as ERR_BUFFER_TOO_LARGE.
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new OutputCapReached();
    throw error;
  }
}

/** bzip2 through a byte sink that counts as it goes: a bomb stops at the cap, not after inflating. */
function inflateBzip2(data: Buffer, maxBytes: number): Buffer {
  const bunzip = loadedCodec('bzip2');
  const chunks: Buffer[] = [];
  let chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1));
  let pos = 0;
  let total = 0;
  const sink = {
    writeByte(byte: number) {
      if (++total > maxBytes) throw new OutputCapReached();
      if (pos === chunk.length) {
        chunks.push(chunk);
        chunk = Buffer.allocUnsafe(Math.min(chunk.length * 2, maxBytes + 1 - total + 1));
        pos = 0;
      }
      chunk[pos++] = byte;
    },
  };
  bunzip.decode(data, sink, true);
  chunks.push(chunk.subarray(0, pos));
  return Buffer.concat(chunks, total);
}

/** Every supported `compression` header (docs/protocol.md §4.4); each one streams with a cap. */
const DECOMPRESSORS: ReadonlyMap<string, Decompressor> = new Map([
  ['application/x-gzip', inflateZlib],
  ['gzip', inflateZlib],
  ['zlib', inflateZlib],
  ['application/x-bz2', inflateBzip2],
  ['bzip2', inflateBzip2],
]);

/**
 * Undo the `compression` header (docs/protocol.md §4.4). `application/x-gzip` (aliases `gzip`, `zlib`) is a
 * zlib stream, not gzip; `application/x-bz2` (`bzip2`) is bzip2. Inflating stops at `maxBytes`
 * with {@link DecodeLimitExceeded} (`maxDecompressedBytes`). bzip2 needs its codec loaded by
 * `loadCodecs` first, else {@link CodecNotLoadedError}.
 *
 * @example
 * ```ts
 * decompress('application/x-gzip', compress(Buffer.from('[1]'))).toString(); // '[1]'
 * await loadCodecs(['bzip2']);
 * decompress('bzip2', bzip2Body);
 * ```
 */
export function decompress(
  compression: string,
  data: Buffer,
  maxBytes: number = MAX_DECOMPRESSED_BYTES,
): Buffer {
  const decompressor = DECOMPRESSORS.get(compression);
  if (!decompressor)
    throw new DecodeError('compression', `unsupported compression ${JSON.stringify(compression)}`);
  try {
    return decompressor(data, maxBytes);
  } catch (cause) {
    if (cause instanceof CodecNotLoadedError) throw cause;
    if (cause instanceof OutputCapReached)
      throw new DecodeLimitExceeded('compression', 'maxDecompressedBytes', maxBytes, `${compression} body`);
    throw new DecodeError('compression', `cannot decompress ${compression}: ${(cause as Error).message}`);
  }
}

/**
 * Compress a body the way kombu's `application/x-gzip` compressor does (a zlib stream).
 *
 * @example
 * ```ts
 * const body = compress(Buffer.from('[[1], {}, null]'));
 * ```
 */
export function compress(data: Buffer): Buffer {
  return deflateSync(data);
}
