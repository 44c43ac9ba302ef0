/**
 * What a function bundle reads when it starts: its entry and the chunks that entry imports
 * statically, transitively. Chunks reached only through `import()` load on first use.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The file names (in the entry's folder) a cold start of `entry` reads: the entry and every chunk
 * it imports with `import … from "./chunk.mjs"`, transitively, as esbuild writes them.
 *
 * @example
 * ```ts
 * const atStart = filesAtColdStart('/repo/apps/aws-lambda/dist/handler.mjs'); // ['handler.mjs', 'chunk-X.mjs']
 * ```
 */
export function filesAtColdStart(entry: string): string[] {
  const dir = dirname(entry);
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)) if (spec) visit(spec);
  };
  visit(basename(entry));
  return [...files];
}
