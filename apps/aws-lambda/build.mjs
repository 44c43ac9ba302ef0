// Bundle each entry point (the SQS worker `handler.mjs`, the beat `beat.mjs`) into dist/, with the
// chunks they load (SDK credential providers not used on Lambda, the Lambda client until a
// lambda:// route is called, stay out of cold start). The AWS SDK is bundled rather than taken from
// the runtime so the deployed code runs the exact SDK versions the lockfile pins and tests ran, and
// because the runtime's copy, loaded from its node_modules, measured slower at cold start than the
// bundle (docs/aws.md, "Bundle"). `AWS_SDK=runtime node build.mjs` leaves `@aws-sdk/*` and
// `@smithy/*` out, to be resolved to the runtime's copy.
import { buildFunctionApp } from '../../scripts/lib/buildFunctionApp.mjs';

await buildFunctionApp({
  app: new URL('.', import.meta.url),
  entries: ['handler', 'beat'],
  external: process.env.AWS_SDK === 'runtime' ? ['@aws-sdk/*', '@smithy/*'] : [],
});
