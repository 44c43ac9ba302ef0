import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseKombuJson } from '../src/codec/index.js';

/** The golden vectors captured from real Celery, beside the repository root. */
export const VECTORS_DIR = new URL('../../../../shared/vectors/', import.meta.url).pathname;

/** One vector file, parsed losslessly (big integers, NaN). */
export interface VectorFile {
  name: string;
  data: Record<string, unknown>;
}

/** Every `.json` vector below `sub` (e.g. `messages`), sorted by path. */
export function loadVectors(sub: string): VectorFile[] {
  const root = join(VECTORS_DIR, sub);
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : n.endsWith('.json') ? [p] : [];
      });
  return walk(root).map((p) => ({
    name: relative(root, p),
    data: parseKombuJson(readFileSync(p, 'utf8')) as Record<string, unknown>,
  }));
}
