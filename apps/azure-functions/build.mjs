// Bundle the function app into dist/: an ESM entry (index.mjs) and its chunks.
// `@azure/functions-core` is the Functions worker's own module, provided at run time; everything
// else (the Azure SDKs included) is bundled so the deployed code runs the exact versions the
// lockfile pins and the tests ran.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('./dist/', import.meta.url).pathname;
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: { index: new URL('./src/index.ts', import.meta.url).pathname },
  outdir: dist,
  // Code reached only through import() goes to chunks loaded on first use, not at cold start.
  splitting: true,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  // ESM builds of the dependencies (the AWS SDK ships both) tree-shake to less code than their CommonJS ones.
  mainFields: ['module', 'main'],
  conditions: ['@celery-cloud/source'],
  external: ['@azure/functions-core'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  legalComments: 'none',
  keepNames: true,
  logLevel: 'warning',
});
