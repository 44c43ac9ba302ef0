// A user's project, built as a user builds it: pack every public package, install the tarballs
// with npm into a throwaway project outside the workspace (registry dependencies resolved
// normally), write TypeScript handlers that use handlerFromEnv with an executor plugin for a new
// scheme (echo://) and defineTask tasks, typecheck them with tsc (strict, NodeNext), bundle them with
// esbuild, and run each bundle against the local emulators of the installed @celery-cloud/local:
// AWS with the stock Python Celery client (Debian's python3-celery) sending over SQS and reading
// DynamoDB with AsyncResult.get(); Azure and Google Cloud with the installed @celery-cloud/client.
// Then the installed celery-cloud command: `decode` of a captured message and `dev --demo`.
//
// pnpm test:consumer   (KEEP_CONSUMER_PROJECT=1 keeps the project; it is kept on failure)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildPackages, packPackages, publicPackages, root, step } from './lib/packages.mjs';

const PYTHON = '/usr/bin/python3';
const CELERY_CLIENT = join(root, 'packages/testkit/src/celery_client.py');
const VECTOR = join(root, 'packages/testkit/vectors/messages/sqs/5.2.6/plain-args.json');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// The toolchain a user adds, at the versions this workspace builds and tests with.
const toolchain = ['typescript', 'esbuild', '@types/node'].map(
  (name) => `${name}@${rootManifest.devDependencies[name]}`,
);

const childEnv = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  METADATA_SERVER_DETECTION: 'none',
  CELERY_CLIENT_SCRIPT: CELERY_CLIENT,
  PYTHON,
};
// Nothing of the workspace may leak into the project: no pnpm, tsx or source-condition settings.
// A registry or proxy the environment sets for npm is kept.
const npmNetwork = /^npm_config_(registry|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i;
for (const name of Object.keys(childEnv)) {
  if (
    (name.startsWith('npm_') && !npmNetwork.test(name)) ||
    name === 'NODE_OPTIONS' ||
    name === 'PNPM_HOME'
  ) {
    delete childEnv[name];
  }
}

/** Run a command in the project with a time limit; resolve with its output, reject on failure. */
function inProject(dir, command, args, { input, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dir, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ out, err });
      else {
        const why = signal ? `killed by ${signal} (time limit ${timeoutMs / 1000}s)` : `exited ${code}`;
        reject(new Error(`${command} ${args.join(' ')} ${why}\n--- stdout\n${out}\n--- stderr\n${err}`));
      }
    });
    child.stdin.end(input ?? '');
  });
}

function write(dir, path, text) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

// ---------------------------------------------------------------------------------------------
// The user's project: sources as a user writes them against the published packages.

const files = {
  'package.json': `${JSON.stringify({ name: 'celery-cloud-consumer', private: true, type: 'module' }, null, 2)}\n`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`,
  'src/tasks.ts': `import { TaskError, defineTask } from '@celery-cloud/core';

export const add = defineTask('tasks.add', (_ctx, a: number, b: number): number => a + b);
export const mul = defineTask('tasks.mul', (_ctx, a: number, b: number): number => a * b);
export const fail = defineTask('tasks.fail', (_ctx, reason: string): never => {
  throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: [reason] });
});
`,
  'src/echo.ts': `import type { ExecutorPlugin, ExecutionResult, TaskCall } from '@celery-cloud/core';

/** Runs \`echo://upper\` and \`echo://same\` routes: the first argument, upper-cased or as is. */
export const echo: ExecutorPlugin = {
  scheme: 'echo',
  create(url: URL) {
    const mode = url.host;
    if (mode !== 'upper' && mode !== 'same') throw new Error(\`echo://\${mode}: use echo://upper or echo://same\`);
    return {
      async execute(call: TaskCall): Promise<ExecutionResult> {
        const text = String(call.args[0] ?? '');
        return { status: 'success', value: mode === 'upper' ? text.toUpperCase() : text };
      },
    };
  },
};
`,
  'src/aws.ts': `import { type SqsHandler, handlerFromEnv } from '@celery-cloud/aws';
import { TaskRegistry } from '@celery-cloud/core';
import { echo } from './echo.js';
import { add, fail, mul } from './tasks.js';

/** The Lambda entry point; TASKS routes proj.echo to echo://upper. */
export const handler: SqsHandler = handlerFromEnv(process.env, {
  tasks: new TaskRegistry().register(add, mul, fail),
  plugins: [echo],
});
`,
  'src/azure.ts': `import type { InvocationContext } from '@azure/functions';
import { handlerFromEnv } from '@celery-cloud/azure';
import { TaskRegistry } from '@celery-cloud/core';
import { echo } from './echo.js';
import { add, mul } from './tasks.js';

/** The Storage Queue handler (app.storageQueue(..., { handler })). */
export const handler: (entry: unknown, context: InvocationContext) => Promise<void> = handlerFromEnv(
  process.env,
  { tasks: new TaskRegistry().register(add, mul), plugins: [echo] },
);
`,
  'src/gcp.ts': `import { type MessagePublishedEvent, handlerFromEnv } from '@celery-cloud/gcp';
import { TaskRegistry } from '@celery-cloud/core';
import { echo } from './echo.js';
import { add, mul } from './tasks.js';

/** The CloudEvent function (cloudEvent('celery', handler)). */
export const handler: (event: MessagePublishedEvent) => Promise<void> = handlerFromEnv(process.env, {
  tasks: new TaskRegistry().register(add, mul),
  plugins: [echo],
});
`,
  'src/client.ts': `import { createClient } from '@celery-cloud/client';
import { createPublisher, createResultStore } from '@celery-cloud/aws';

// Typechecked only: the client's documented set-up against real AWS.
export const client = createClient({
  publisher: createPublisher({ url: 'sqs://', region: 'us-east-1', queueUrls: { celery: 'https://sqs.us-east-1.amazonaws.com/123456789012/celery' } }),
  backend: createResultStore({ url: 'dynamodb://@us-east-1/celery' }),
});
export const add = client.task<[number, number], number>('tasks.add');
`,
  'src/local.ts': `import { type LocalAwsStackWithConfig, startLocalAwsStack } from '@celery-cloud/local/aws';
import { type LocalAzure, startLocalAzure } from '@celery-cloud/local/azure';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';

// Typechecked only: the local stacks' types as a test suite of the user's would use them.
export async function startStacks(): Promise<[LocalAwsStackWithConfig, LocalAzure, LocalGcp | null]> {
  const aws = await startLocalAwsStack({ queue: 'celery' });
  const azure = await startLocalAzure({ queue: 'celery' });
  const gcp = hasGcpEmulators() ? await startLocalGcp() : null;
  return [aws, azure, gcp];
}
`,
  'bundle.mjs': `import { build } from 'esbuild';

// One ESM file per function, the SDKs included. Bundled CommonJS still calls require(); Google's
// gRPC stack also reads __dirname (as apps/gcp-functions bundles it).
const requireShim = "import { createRequire as __ccRequire } from 'node:module'; const require = __ccRequire(import.meta.url);";
const dirnameShim =
  "import { fileURLToPath as __ccPath } from 'node:url'; const __filename = __ccPath(import.meta.url); const __dirname = __ccPath(new URL('.', import.meta.url));";
for (const name of ['aws', 'azure', 'gcp']) {
  await build({
    entryPoints: [\`src/\${name}.ts\`],
    outfile: \`dist/\${name}.mjs\`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['@azure/functions-core'],
    banner: { js: name === 'gcp' ? \`\${requireShim} \${dirnameShim}\` : requireShim },
    logLevel: 'warning',
  });
}
`,
  'roundTrip.mjs': `// One round trip through a cloud's bundled handler on its local emulators: start the stack, load
// the bundle with the stack's environment, deliver through the platform's stand-in, check what a
// client reads back. Exits 1 when anything fails; the stack is stopped either way.
export async function roundTrip({ start, bundle, env = {}, deliver, check }) {
  const stack = await start();
  // A client started from here gets the environment this script started with, not the handler's.
  const clientEnv = { ...process.env };
  let failed = false;
  try {
    Object.assign(process.env, stack.env, { TASKS: JSON.stringify({ 'proj.echo': 'echo://upper' }) }, env);
    const { handler } = await import(bundle);
    const delivery = deliver(stack, handler);
    try {
      console.log(await check(stack, { clientEnv, delivery }));
    } finally {
      await delivery.stop();
    }
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await stack.stop();
  }
  process.exit(failed ? 1 : 0);
}

/** Send tasks.add and proj.echo with @celery-cloud/client and read 5 and 'HELLO' back from \`where\`. */
export async function clientReadsBack(client, where) {
  const sum = await (await client.sendTask('tasks.add', [2, 3])).get({ timeout: 60 });
  const echoed = await (await client.sendTask('proj.echo', ['hello'])).get({ timeout: 60 });
  if (sum !== 5 || echoed !== 'HELLO') throw new Error(\`got \${JSON.stringify([sum, echoed])}\`);
  return \`the client read 5 and 'HELLO' from \${where}\`;
}
`,
  'aws-roundtrip.mjs': `// Python Celery 5.2 → SQS emulator → the bundled Lambda handler (SQS events) → DynamoDB → AsyncResult.get().
import { spawn } from 'node:child_process';
import { startEventSourceMapping, startLocalAwsStack } from '@celery-cloud/local/aws';
import { roundTrip } from './roundTrip.mjs';

/** Debian's Python Celery client sends \`calls\` and waits for their results, as a user's would. */
function pythonSendAndGet(stack, clientEnv, calls) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.PYTHON, [process.env.CELERY_CLIENT_SCRIPT, JSON.stringify(stack.python), 'send'], {
      // The emulators accept any credentials; boto3 only needs some, and a region.
      env: { ...clientEnv, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
    child.stdin.end(JSON.stringify(calls));
  });
}

await roundTrip({
  start: () => startLocalAwsStack(),
  bundle: './dist/aws.mjs',
  deliver: (stack, handler) => {
    let delivered = 0;
    const mapping = startEventSourceMapping({
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      handler,
      onBatch: (report) => {
        delivered += report.received;
      },
    });
    return { stop: () => mapping.stop(), delivered: () => delivered };
  },
  check: async (stack, { clientEnv, delivery }) => {
    // Asynchronously: the event source mapping runs in this process while the client waits.
    const python = await pythonSendAndGet(stack, clientEnv, [
      { name: 'tasks.add', args: [2, 3], timeout: 60 },
      { name: 'proj.echo', args: ['hello'], timeout: 60 },
      { name: 'tasks.fail', args: ['nope'], timeout: 60 },
    ]);
    if (python.status !== 0) throw new Error(\`the Python client failed (\${python.status}): \${python.stderr}\`);
    const [sum, echoed, failure] = JSON.parse(python.stdout.trim().split('\\n').at(-1));
    const seen = JSON.stringify([sum, echoed, failure]);
    if (sum?.result_repr !== '5' || sum.state !== 'SUCCESS') throw new Error(\`tasks.add: \${seen}\`);
    if (echoed?.result_repr !== "'HELLO'") throw new Error(\`proj.echo through echo://: \${seen}\`);
    if (failure?.exc_class !== 'builtins.ValueError' || failure.state !== 'FAILURE') throw new Error(\`tasks.fail: \${seen}\`);
    return \`\${delivery.delivered()} SQS messages through the handler; Python read 5, 'HELLO' and ValueError('nope')\`;
  },
});
`,
  'azure-roundtrip.mjs': `// @celery-cloud/client → Azurite queue → the bundled Storage Queue handler → Blob → result.get().
import { createPublisher, createResultStore } from '@celery-cloud/azure';
import { createClient } from '@celery-cloud/client';
import { startLocalAzure, startQueueHost } from '@celery-cloud/local/azure';
import { clientReadsBack, roundTrip } from './roundTrip.mjs';

await roundTrip({
  start: () => startLocalAzure(),
  bundle: './dist/azure.mjs',
  env: { CELERY_CLOUD_LOG_LEVEL: 'error' },
  deliver: (azure, handler) => startQueueHost({ connectionString: azure.connectionString, queue: azure.queue, handler }),
  check: (azure) =>
    clientReadsBack(
      createClient({
        publisher: createPublisher({ connectionString: azure.connectionString }),
        backend: createResultStore({ url: \`azureblockblob://\${azure.connectionString}\` }),
      }),
      'Blob storage',
    ),
});
`,
  'gcp-roundtrip.mjs': `// @celery-cloud/client → Pub/Sub emulator → the bundled CloudEvent function → Firestore → result.get().
import { createClient } from '@celery-cloud/client';
import { createPublisher, createResultStore } from '@celery-cloud/gcp';
import { hasGcpEmulators, startLocalGcp, startPubSubPush } from '@celery-cloud/local/gcp';
import { clientReadsBack, roundTrip } from './roundTrip.mjs';

if (!hasGcpEmulators()) {
  console.log('SKIPPED');
  process.exit(0);
}
await roundTrip({
  start: () => startLocalGcp(),
  bundle: './dist/gcp.mjs',
  env: { CELERY_CLOUD_LOG_LEVEL: 'error' },
  deliver: (stack, handler) => startPubSubPush({ subscription: stack.subscription, handler }),
  check: (stack) =>
    clientReadsBack(
      createClient({
        publisher: createPublisher({ pubsub: stack.pubsub, topic: stack.topic }),
        backend: createResultStore({ firestore: stack.firestore }),
      }),
      'Firestore',
    ),
});
`,
};

// ---------------------------------------------------------------------------------------------

const started = performance.now();
// CONSUMER_PROJECT_DIR=<a kept project> reruns the steps after the install in it, with the sources rewritten.
const reuse = process.env.CONSUMER_PROJECT_DIR;
const dir = reuse ?? mkdtempSync(join(tmpdir(), 'celery-cloud-consumer-'));
let ok = false;
try {
  await step('python client available', async () => {
    const r = spawnSync(PYTHON, ['-c', 'import celery, boto3; print(celery.__version__)'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      throw new Error(`${PYTHON} cannot import celery and boto3 (bash scripts/bootstrap.sh): ${r.stderr}`);
    }
    return `Celery ${r.stdout.trim()}`;
  });
  if (!reuse) {
    await step('build the packages', async () => buildPackages());
    const packs = await step('pack the packages', async () => packPackages(join(dir, 'packs')));
    console.log(`     ${packs.map((p) => p.tarball.split('/').at(-1)).join(', ')}`);
    await step(`npm install the tarballs and ${toolchain.join(', ')} into ${dir}`, async () => {
      write(dir, 'package.json', files['package.json']);
      await inProject(
        dir,
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          ...packs.map((p) => p.tarball),
          ...toolchain,
        ],
        { timeoutMs: 300_000 },
      );
      const installed = publicPackages().filter((p) =>
        existsSync(join(dir, 'node_modules', p.name, 'package.json')),
      );
      if (installed.length !== packs.length) throw new Error('not every package was installed');
      const du = spawnSync('du', ['-sh', 'node_modules'], { cwd: dir, encoding: 'utf8' });
      return `node_modules ${du.stdout.split('\t')[0]}`;
    });
  }
  for (const [path, text] of Object.entries(files)) if (path !== 'package.json') write(dir, path, text);
  await step('typecheck the handlers with tsc (strict, NodeNext)', async () => {
    await inProject(dir, 'npx', ['--no-install', 'tsc', '-p', 'tsconfig.json']);
  });
  await step('bundle the handlers with esbuild', async () => {
    await inProject(dir, 'node', ['bundle.mjs']);
  });
  await step(
    'AWS: Python Celery → SQS → bundled handler (echo:// plugin) → DynamoDB → AsyncResult.get()',
    async () => {
      const { out } = await inProject(dir, 'node', ['aws-roundtrip.mjs'], { timeoutMs: 180_000 });
      return out.trim();
    },
  );
  await step('Azure: client → Azurite queue → bundled handler (echo:// plugin) → Blob → get()', async () => {
    const { out } = await inProject(dir, 'node', ['azure-roundtrip.mjs'], { timeoutMs: 180_000 });
    return out.trim();
  });
  await step(
    'Google Cloud: client → Pub/Sub → bundled function (echo:// plugin) → Firestore → get()',
    async () => {
      const { out } = await inProject(dir, 'node', ['gcp-roundtrip.mjs'], { timeoutMs: 180_000 });
      if (out.trim() === 'SKIPPED') {
        console.log(
          '\n!!! SKIPPED: Java or the gcloud Firestore/Pub/Sub emulator jars are missing: the Google Cloud round trip did not run !!!\n',
        );
        return 'SKIPPED (no emulators)';
      }
      return out.trim();
    },
  );
  await step('npx celery-cloud decode --transport sqs < a captured Celery 5.2.6 message', async () => {
    const vector = JSON.parse(readFileSync(VECTOR, 'utf8'));
    write(dir, 'message.txt', `${vector.raw}\n`);
    const { out } = await inProject(
      dir,
      'npx',
      ['--no-install', 'celery-cloud', 'decode', '--transport', 'sqs'],
      {
        input: readFileSync(join(dir, 'message.txt')),
      },
    );
    const decoded = JSON.parse(out);
    for (const key of ['id', 'task', 'args']) {
      if (JSON.stringify(decoded[key]) !== JSON.stringify(vector.expect[key])) {
        throw new Error(
          `decode: ${key} is ${JSON.stringify(decoded[key])}, expected ${JSON.stringify(vector.expect[key])}`,
        );
      }
    }
    return `${decoded.task}${JSON.stringify(decoded.args)} ${decoded.id}`;
  });
  await step('npx celery-cloud dev --provider aws --demo --tasks src/tasks.ts', async () => {
    const { out } = await inProject(
      dir,
      'npx',
      ['--no-install', 'celery-cloud', 'dev', '--provider', 'aws', '--demo', '--tasks', 'src/tasks.ts'],
      { timeoutMs: 180_000 },
    );
    const demo = out.split('\n').filter((l) => l.startsWith('demo: tasks.'));
    for (const expected of [
      'tasks.add(2, 3) -> 5 (SUCCESS)',
      'tasks.mul(4, 5) -> 20 (SUCCESS)',
      '-> ValueError(',
    ]) {
      if (!demo.some((l) => l.includes(expected)))
        throw new Error(`no demo line with ${expected} in:\n${out}`);
    }
    return demo.map((l) => l.replace(/^demo: /, '').replace(/ \(\w+\) in \d+ ms$/, '')).join('; ');
  });
  ok = true;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  const total = ((performance.now() - started) / 1000).toFixed(1);
  if (ok && !reuse && !process.env.KEEP_CONSUMER_PROJECT) rmSync(dir, { recursive: true, force: true });
  else console.log(`the project is kept in ${dir}`);
  console.log(ok ? `consumer check passed (${total}s)` : `consumer check FAILED (${total}s)`);
}
process.exit(ok ? 0 : 1);
