/**
 * The modules behind the optional codecs (the YAML and msgpack serializers, the bzip2
 * decompressor), imported on first use: each `import()` is a chunk of its own in a bundle, read
 * only when a message needs it. Their types stay in this file, out of the public declarations.
 */
/// <reference path="./seek-bzip.d.ts" />
import type * as Msgpack from '@msgpack/msgpack';
import type * as Yaml from 'yaml';
import { CodecNotLoadedError, type OptionalCodec } from '../errors.js';

/** seek-bzip's decoder: inflates `input` into `output` byte by byte, across concatenated streams. */
interface Bzip2 {
  decode(input: Uint8Array, output: { writeByte(byte: number): void }, multistream: boolean): unknown;
}

interface Codecs {
  yaml: typeof Yaml;
  msgpack: typeof Msgpack;
  bzip2: Bzip2;
}

/**
 * The exports of a CommonJS package loaded with `import()`: `default` both under Node and in a
 * bundle (esbuild gives a CommonJS chunk only a default export).
 */
async function commonJsExports<T>(module: Promise<unknown>): Promise<T> {
  return ((await module) as { default: T }).default;
}

const LOADERS: { [N in OptionalCodec]: () => Promise<Codecs[N]> } = {
  yaml: () => commonJsExports<typeof Yaml>(import('yaml')),
  msgpack: () => import('@msgpack/msgpack'),
  bzip2: () => commonJsExports<Bzip2>(import('seek-bzip')),
};

/** Every optional codec. */
export const OPTIONAL_CODECS = Object.keys(LOADERS) as readonly OptionalCodec[];

const loaded: Partial<Codecs> = {};

/** Import the codec `name` unless it is loaded. */
export async function loadCodec<N extends OptionalCodec>(name: N): Promise<void> {
  loaded[name] ??= await LOADERS[name]();
}

/** The loaded codec `name`, or {@link CodecNotLoadedError} for the caller to load it and retry. */
export function loadedCodec<N extends OptionalCodec>(name: N): Codecs[N] {
  const codec = loaded[name];
  if (codec === undefined) throw new CodecNotLoadedError(name);
  return codec as Codecs[N];
}
