// How every function app under apps/ bundles itself into its dist/: ESM entries split into chunks,
// for the Node runtime the deploy templates target. Each app's build.mjs passes what differs: its
// entries, what the runtime provides (`external`) and, where the bundled CommonJS needs more than
// require(), its own banner.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

/** The banner most bundles need: some dependencies still call require(); give the ESM bundle one. */
export const requireShim =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * Empty `<app>/dist/` and bundle `<app>/src/<entry>.ts` into `<app>/dist/<entry>.mjs` for each
 * entry, with the chunks they load.
 *
 * @param {object} options
 * @param {string} options.app the app's folder as a URL (`new URL('.', import.meta.url)` in its build.mjs)
 * @param {string[]} options.entries entry names under src/, without `.ts`
 * @param {string[]} [options.external] modules left to the runtime
 * @param {string} [options.banner] code put before each output file
 *
 * @example
 * await buildFunctionApp({ app: new URL('.', import.meta.url), entries: ['index'], external: ['@azure/functions-core'] });
 */
export async function buildFunctionApp({ app, entries, external = [], banner = requireShim }) {
  const dist = new URL('./dist/', app).pathname;
  rmSync(dist, { recursive: true, force: true });
  await build({
    entryPoints: Object.fromEntries(entries.map((name) => [name, new URL(`./src/${name}.ts`, app).pathname])),
    outdir: dist,
    // Code reached only through import() goes to chunks loaded on first use, not at cold start.
    splitting: true,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    // ESM builds of the dependencies (the AWS SDK ships both) tree-shake to less code than their
    // CommonJS ones: `module` in package.json, and the `module` export condition, which esbuild
    // drops from its defaults once `conditions` is set (without it the SDK's `node` CommonJS won).
    mainFields: ['module', 'main'],
    conditions: ['@celery-cloud/source', 'module'],
    external,
    banner: { js: banner },
    legalComments: 'none',
    keepNames: true,
    logLevel: 'warning',
  });
}
