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
