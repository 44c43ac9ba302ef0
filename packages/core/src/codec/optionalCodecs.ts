/**
 * The codecs almost no message needs (the YAML and msgpack serializers, the bzip2 decompressor),
 * loaded on first use: a bundle keeps them in chunks that a cold start does not read. Decoding
 * stays synchronous; it uses a loaded codec or throws {@link CodecNotLoadedError} naming it.
 */
/// <reference path="./seek-bzip.d.ts" />
import type * as Msgpack from '@msgpack/msgpack';
import type Bunzip from 'seek-bzip';
import type * as Yaml from 'yaml';
import { CodecNotLoadedError, type OptionalCodec } from '../errors.js';

interface Codecs {
  yaml: typeof Yaml;
  msgpack: typeof Msgpack;
  bzip2: typeof Bunzip;
}

/**
 * The exports of a CommonJS package loaded with `import()`: `default` both under Node and in a
 * bundle (esbuild gives a CommonJS chunk only a default export).
 */
async function commonJsExports<T>(module: Promise<unknown>): Promise<T> {
  return ((await module) as { default: T }).default;
}

// Each import() is a chunk of its own in a bundle, read only when a message needs it.
const LOADERS: { [N in OptionalCodec]: () => Promise<Codecs[N]> } = {
  yaml: () => commonJsExports<typeof Yaml>(import('yaml')),
  msgpack: () => import('@msgpack/msgpack'),
  bzip2: () => commonJsExports<typeof Bunzip>(import('seek-bzip')),
};

const OPTIONAL_CODECS = Object.keys(LOADERS) as OptionalCodec[];

const loaded: Partial<Codecs> = {};

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
  await Promise.all(names.map(load));
}

async function load<N extends OptionalCodec>(name: N): Promise<void> {
  loaded[name] ??= await LOADERS[name]();
}

/** The loaded codec `name`, or {@link CodecNotLoadedError} for the caller to load it and retry. */
export function loadedCodec<N extends OptionalCodec>(name: N): Codecs[N] {
  const codec = loaded[name];
  if (codec === undefined) throw new CodecNotLoadedError(name);
  return codec as Codecs[N];
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
      await loadCodecs([error.codec]);
    }
  }
}
