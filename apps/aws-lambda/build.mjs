// Bundle each entry point (the SQS worker, the beat) into one ESM file. The AWS SDK is bundled rather than taken from the
// runtime so the deployed code runs the exact SDK versions the lockfile pins and tests ran.
import { build } from 'esbuild';

await build({
  entryPoints: ['handler', 'beat'].map((name) => new URL(`./src/${name}.ts`, import.meta.url).pathname),
  outdir: new URL('./dist', import.meta.url).pathname,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  // ESM builds of the dependencies (the AWS SDK ships both) tree-shake to less code than their CommonJS ones.
  mainFields: ['module', 'main'],
  conditions: ['@celery-cloud/source'],
  // Some SDK dependencies still call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  legalComments: 'none',
  keepNames: true,
  logLevel: 'warning',
});
