// Bundle the function app into one ESM file. `@azure/functions-core` is the Functions worker's own
// module, provided at run time; everything else (the Azure SDKs included) is bundled so the
// deployed code runs the exact versions the lockfile pins and the tests ran.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('./src/index.ts', import.meta.url).pathname],
  outfile: new URL('./dist/index.mjs', import.meta.url).pathname,
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
