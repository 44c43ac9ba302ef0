/**
 * The codecs almost no message needs (the YAML and msgpack serializers, the bzip2 decompressor)
 * load on first use, so a bundle keeps them out of its cold start. Decoding stays synchronous: it
 * uses a loaded codec or throws {@link CodecNotLoadedError} naming the one it needs.
 */
import { CodecNotLoadedError, type OptionalCodec } from '../errors.js';
import { OPTIONAL_CODECS, loadCodec } from './codecModules.js';

/**
 * Load the optional codecs (all of them unless `names` says which), so that
 * {@link decodeMessage} decodes YAML, msgpack and bzip2 bodies synchronously from then on. The
 * runner loads what a message needs by itself; call this before decoding directly.
 *
 * @example
 * ```ts
 * await loadCodecs();
 * const task = decodeMessage('sqs', yamlRecord.body);
 * ```
 */
export async function loadCodecs(names: readonly OptionalCodec[] = OPTIONAL_CODECS): Promise<void> {
  await Promise.all(names.map(loadCodec));
}

/**
 * Run the synchronous `decode`; when it needs a codec not loaded yet, load that codec and run it
 * again (a bzip2 YAML body needs two, so at most one run per codec more).
 *
 * @example
 * ```ts
 * const task = await withCodecs(() => decodeMessage('sqs', record.body));
 * ```
 */
export async function withCodecs<T>(decode: () => T): Promise<T> {
  for (;;) {
    try {
      return decode();
    } catch (error) {
      if (!(error instanceof CodecNotLoadedError)) throw error;
      await loadCodec(error.codec);
    }
  }
}
