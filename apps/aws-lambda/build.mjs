// Bundle each entry point (the SQS worker `handler.mjs`, the beat `beat.mjs`) into dist/, with the
// chunks they load. The AWS SDK is bundled rather than taken from the runtime so the deployed code
// runs the exact SDK versions the lockfile pins and tests ran, and because the runtime's copy,
// loaded from its node_modules, measured slower at cold start than the bundle (docs/aws.md,
// "Bundle"). `AWS_SDK=runtime node build.mjs` leaves `@aws-sdk/*` and `@smithy/*` out, to be
// resolved to the runtime's copy.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('./dist/', import.meta.url).pathname;
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: ['handler', 'beat'].map((name) => new URL(`./src/${name}.ts`, import.meta.url).pathname),
  outdir: dist,
  // Code reached only through import() (SDK credential providers not used on Lambda, the Lambda
  // client until a lambda:// route is called) goes to chunks loaded on first use, not at cold start.
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
  external: process.env.AWS_SDK === 'runtime' ? ['@aws-sdk/*', '@smithy/*'] : [],
  // Some SDK dependencies still call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  legalComments: 'none',
  keepNames: true,
  logLevel: 'warning',
});
