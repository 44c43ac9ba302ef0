// Bundle the function into dist/: an ESM entry (index.mjs) and its chunks (the Firestore and
// Pub/Sub SDKs included, at the versions the lockfile pins, each in a chunk loaded on first use:
// results go over Firestore's REST API on Google Cloud) and the package.json
// `gcloud functions deploy --source=dist` installs.
// functions-framework stays a dependency: the Node runtime starts it and it loads this file
// (package.json `main`), so it must resolve to the same instance as the runtime's.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildFunctionApp } from '../../scripts/lib/buildFunctionApp.mjs';

const framework = '@google-cloud/functions-framework';
await buildFunctionApp({
  app: new URL('.', import.meta.url),
  entries: ['index'],
  external: [framework],
  // The bundled CommonJS of the SDK chunks (gRPC, google-gax) calls require() and reads
  // __dirname, which an ES module does not have.
  banner: [
    "import { createRequire } from 'node:module';",
    "import { fileURLToPath } from 'node:url';",
    'const require = createRequire(import.meta.url);',
    'const __filename = fileURLToPath(import.meta.url);',
    "const __dirname = fileURLToPath(new URL('.', import.meta.url));",
  ].join(' '),
});

// The workspace packages are in the bundle; the runtime installs only what it must provide.
const app = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const manifest = {
  name: 'celery-cloud-gcp-function',
  private: true,
  type: 'module',
  main: 'index.mjs',
  engines: { node: '>=22' },
  dependencies: { [framework]: app.dependencies[framework] },
};
writeFileSync(new URL('./dist/package.json', import.meta.url), `${JSON.stringify(manifest, null, 2)}\n`);
