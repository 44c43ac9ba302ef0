/**
 * Figure 5: cold start of the AWS handler — importing the bundled file in a fresh Node process,
 * against importing the same handler unbundled (the compiled packages and their node_modules).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { filesAtColdStart } from '../packages/testkit/src/filesAtColdStart.js';
import { type Summary, summarize } from './stats.js';

const ROOT = new URL('../', import.meta.url).pathname;

function importMs(file: string, env: Record<string, string>): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`import of ${file} failed: ${run.stderr.slice(-800)}`);
  return Number(run.stdout);
}

/** Bytes a cold start of `entry` reads: the entry and the chunks it imports statically. */
export function bytesAtStart(entry: string): number {
  return filesAtColdStart(entry).reduce((n, file) => n + statSync(join(dirname(entry), file)).size, 0);
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/**
 * Build both forms, then time `runs` fresh imports of each.
 *
 * @example
 * ```ts
 * const cold = benchColdStart({ runs: 5 });
 * ```
 */
export function benchColdStart(options: { runs: number }): {
  bundled: Summary;
  unbundled: Summary;
  runtimeSdk: Summary;
  bundleBytes: number;
  runtimeSdkBytes: number;
  unbundledBytes: number;
} {
  const app = join(ROOT, 'apps/aws-lambda');
  execFileSync('pnpm', ['--filter', '@celery-cloud/aws...', 'run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  // The handler built with the SDK left to the runtime, placed where `@aws-sdk/*` resolves to our
  // node_modules, as the runtime resolves its own copy: its import loads the SDK from files.
  execFileSync(process.execPath, ['build.mjs'], { cwd: app, env: { ...process.env, AWS_SDK: 'runtime' } });
  const externalDir = join(ROOT, 'packages/aws/dist/bench-runtime-sdk');
  rmSync(externalDir, { recursive: true, force: true });
  cpSync(join(app, 'dist'), externalDir, { recursive: true });
  const external = join(externalDir, 'handler.mjs');
  const runtimeSdkBytes = bytesAtStart(external);
  execFileSync(process.execPath, ['build.mjs'], { cwd: app });
  const bundle = join(app, 'dist/handler.mjs');
  // The same handler, unbundled: the compiled package, resolving the SDK from node_modules.
  const unbundled = join(ROOT, 'packages/aws/dist/index.js');
  const env = { CELERY_RESULT_BACKEND: 'dynamodb://@us-east-1/celery', AWS_REGION: 'us-east-1' };
  const bundled: number[] = [];
  const plain: number[] = [];
  const runtimeSdk: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    bundled.push(importMs(bundle, env));
    plain.push(importMs(unbundled, env));
    runtimeSdk.push(importMs(external, env));
  }
  rmSync(externalDir, { recursive: true, force: true });
  const deps = join(ROOT, 'node_modules/.pnpm');
  const sdkBytes = readdirSync(deps)
    .filter((name) =>
      /^@aws-sdk\+client-(sqs|dynamodb|lambda)@|^@smithy\+|^@aws-sdk\+(core|credential|middleware|util|types|region|token|nested)/.test(
        name,
      ),
    )
    .reduce((n, name) => n + bytesUnder(join(deps, name)), 0);
  return {
    bundled: summarize(bundled),
    unbundled: summarize(plain),
    runtimeSdk: summarize(runtimeSdk),
    bundleBytes: bytesAtStart(bundle),
    runtimeSdkBytes,
    unbundledBytes:
      bytesUnder(join(ROOT, 'packages/aws/dist')) + bytesUnder(join(ROOT, 'packages/core/dist')) + sdkBytes,
  };
}

/** The Azure and Google Cloud function bundles, built and imported the same way as the AWS one. */
const OTHER_APPS = [
  {
    name: 'Azure',
    app: 'azure-functions',
    file: 'dist/index.mjs',
    env: {
      CELERY_RESULT_BACKEND: 'azureblockblob://UseDevelopmentStorage=true',
      // The beat timers publish to the queue, so the app needs the storage connection at start.
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    },
  },
  {
    name: 'GCP',
    app: 'gcp-functions',
    file: 'dist/index.mjs',
    env: { CELERY_RESULT_BACKEND: 'firestore://demo-project/celery' },
  },
] as const;

/**
 * Cold start (fresh-process import) and size of the Azure and GCP bundles.
 *
 * @example
 * ```ts
 * const [azure, gcp] = benchOtherColdStarts({ runs: 5 });
 * ```
 */
export function benchOtherColdStarts(options: {
  runs: number;
}): Array<{ name: string; importMs: Summary; bytes: number }> {
  return OTHER_APPS.map(({ name, app, file, env }) => {
    execFileSync(process.execPath, ['build.mjs'], { cwd: join(ROOT, 'apps', app) });
    const bundle = join(ROOT, 'apps', app, file);
    const times: number[] = [];
    for (let run = 0; run < options.runs; run++) times.push(importMs(bundle, env));
    return { name, importMs: summarize(times), bytes: bytesAtStart(bundle) };
  });
}
