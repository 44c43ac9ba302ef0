/** The code under test as it ships: bundled by esbuild for the current Node, not run through tsx. */
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const OUT = new URL('../.tmp/bench/', import.meta.url).pathname;

/**
 * Bundle `entry` (a path from the repository root) into `.tmp/bench/<name>.mjs` and import it.
 *
 * @example
 * ```ts
 * const core = await importBundled<typeof import('../packages/core/src/index.js')>('packages/core/src/index.ts', 'core');
 * ```
 */
export async function importBundled<T>(entry: string, name: string): Promise<T> {
  mkdirSync(OUT, { recursive: true });
  const outfile = `${OUT}${name}.mjs`;
  await build({
    entryPoints: [new URL(`../${entry}`, import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    conditions: ['@celery-cloud/source'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return (await import(outfile)) as T;
}
