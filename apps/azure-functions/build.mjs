// Bundle the function app into dist/: an ESM entry (index.mjs) and its chunks (the Storage Queue
// client and the Blob SDK, YAML, msgpack and bzip2 in chunks loaded on first use; the Blob result
// store speaks Blob's REST API, so the Blob SDK loads only for a connection string it cannot read).
// `@azure/functions-core` is the Functions worker's own module, provided at run time; everything
// else (the Azure SDKs included) is bundled so the deployed code runs the exact versions the
// lockfile pins and the tests ran.
import { buildFunctionApp } from '../../scripts/lib/buildFunctionApp.mjs';

await buildFunctionApp({
  app: new URL('.', import.meta.url),
  entries: ['index'],
  external: ['@azure/functions-core'],
});
