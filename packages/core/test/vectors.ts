import { readVectorFiles } from '@celery-cloud/testkit';
import { parseKombuJson } from '../src/codec/index.js';

/** One vector file, parsed losslessly (big integers, NaN). */
export interface VectorFile {
  name: string;
  data: Record<string, unknown>;
}

/** Every vector below `sub` (e.g. `messages`), sorted by path. */
export function loadVectors(sub: string): VectorFile[] {
  return readVectorFiles(sub).map((f) => ({
    name: f.name,
    data: parseKombuJson(f.text) as Record<string, unknown>,
  }));
}

/**
 * One vector file by its path below the vectors folder, e.g. `messages/sqs/5.6.3/map.json`.
 *
 * @example
 * ```ts
 * const { raw } = loadVector('messages/sqs/5.6.3/map.json').data;
 * ```
 */
export function loadVector(path: string): VectorFile {
  const cut = path.lastIndexOf('/');
  const found = loadVectors(path.slice(0, cut)).find((v) => v.name === path.slice(cut + 1));
  if (!found) throw new Error(`no vector ${path}`);
  return found;
}
