/// <reference path="./seek-bzip.d.ts" />
import { deflateSync, inflateSync } from 'node:zlib';
import Bunzip from 'seek-bzip';
import { DecodeError } from '../errors.js';

/** Largest decompressed body accepted, so a small bomb cannot exhaust memory. */
export const MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;

/**
 * Undo the `compression` header (docs/protocol.md §4.4). `application/x-gzip` (aliases `gzip`, `zlib`) is a
 * zlib stream, not gzip; `application/x-bz2` (`bzip2`) is bzip2.
 *
 * @example
 * ```ts
 * decompress('application/x-gzip', compress(Buffer.from('[1]'))).toString(); // '[1]'
 * ```
 */
export function decompress(compression: string, data: Buffer): Buffer {
  try {
    switch (compression) {
      case 'application/x-gzip':
      case 'gzip':
      case 'zlib':
        return inflateSync(data, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
      case 'application/x-bz2':
      case 'bzip2': {
        const out = Bunzip.decode(data);
        if (out.length > MAX_DECOMPRESSED_BYTES) throw new Error('decompressed body too large');
        return out;
      }
    }
  } catch (cause) {
    throw new DecodeError('compression', `cannot decompress ${compression}: ${(cause as Error).message}`);
  }
  throw new DecodeError('compression', `unsupported compression ${JSON.stringify(compression)}`);
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
