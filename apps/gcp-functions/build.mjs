// Bundle the function into one ESM file (Firestore and Pub/Sub clients included, at the versions
// the lockfile pins). functions-framework stays a dependency: the Node runtime starts it and it
// loads this file (package.json `main`), so it must resolve to the same instance as the runtime's.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('./src/index.ts', import.meta.url).pathname],
  outfile: new URL('./dist/index.mjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  conditions: ['@celery-cloud/source'],
  external: ['@google-cloud/functions-framework'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  legalComments: 'none',
  keepNames: true,
  logLevel: 'warning',
});
