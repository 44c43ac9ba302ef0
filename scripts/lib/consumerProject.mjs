// The user's project of the consumer check: every source file a user writes against the
// published packages, by path. scripts/consumer-check.mjs writes them into a throwaway project.

export const files = {
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
