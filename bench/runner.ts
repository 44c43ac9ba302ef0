/**
 * Figures 2 and 3: runner overhead per trivial task in process, and batch latency against a
 * remote function that takes 100 ms.
 */
import { MemoryResultStore } from '../packages/core/src/testing/index.js';
import { startLambdaInvokeServer } from '../packages/local/src/aws/index.js';
import { importBundled } from './bundle.js';
import { python } from './python.js';
import { type Summary, summarize } from './stats.js';

type Core = typeof import('../packages/core/src/index.js');

/** Figure 2: µs per task, ours and a Celery 5.2 worker in process. */
export async function benchRunnerOverhead(options: { runs: number; quick: boolean }): Promise<{
  ours: Summary;
  celery: Summary;
  tasks: number;
}> {
  const core = await importBundled<Core>('packages/core/src/index.ts', 'core');
  const tasks = options.quick ? 2000 : 10_000;
  const registry = new core.TaskRegistry().register(core.defineTask('bench.noop', (_ctx, x: number) => x));
  const runner = core.createRunner({
    backend: new MemoryResultStore(),
    tasks: registry,
    logger: { log: () => {} },
  });
  const once = async () => {
    const started = process.hrtime.bigint();
    // The "send": encoding each message as a client does; then batches of 10, as SQS delivers.
    for (let i = 0; i < tasks; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) => ({
        messageId: `m${i + j}`,
        transport: 'sqs' as const,
        payload: core.wrapForTransport(
          core.encodeTaskMessage({ id: `t${i + j}`, task: 'bench.noop', args: [i + j], kwargs: {} }),
          'sqs',
        ),
      }));
      await runner.runBatch(batch);
    }
    return Number(process.hrtime.bigint() - started) / 1000 / tasks;
  };
  await once();
  const ours: number[] = [];
  for (let run = 0; run < options.runs; run++) ours.push(await once());
  const celeryTasks = options.quick ? 300 : 1000;
  const celery = JSON.parse(
    await python(new URL('./celery_inprocess.py', import.meta.url).pathname, [
      String(celeryTasks),
      String(options.runs),
    ]),
  ) as number[];
  return { ours: summarize(ours), celery: summarize(celery), tasks };
}

/** Figure 3: ms for one task, a batch of 10 side by side, and 10 one at a time, each 100 ms remote. */
export async function benchBatchLatency(options: { runs: number }): Promise<{
  one: Summary;
  batch: Summary;
  sequential: Summary;
}> {
  const core = await importBundled<Core>('packages/core/src/index.ts', 'core');
  const { createInvoker } = await import('../packages/aws/src/index.js');
  const server = await startLambdaInvokeServer({
    functions: { slow: () => new Promise((resolve) => setTimeout(() => resolve('done'), 100)) },
  });
  try {
    // The SDK reads its endpoint, region and (any) credentials from the environment.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_LAMBDA: server.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    const runnerWith = (concurrency: number) =>
      core.createRunner({
        backend: new MemoryResultStore(),
        routes: { 'remote.slow': 'lambda://slow' },
        plugins: [createInvoker()],
        concurrency,
        logger: { log: () => {} },
      });
    const messages = (n: number, run: number) =>
      Array.from({ length: n }, (_, i) => ({
        messageId: `m${i}`,
        transport: 'sqs' as const,
        payload: core.wrapForTransport(
          core.encodeTaskMessage({ id: `b${run}-${n}-${i}`, task: 'remote.slow', args: [], kwargs: {} }),
          'sqs',
        ),
      }));
    const time = async (runner: ReturnType<typeof runnerWith>, n: number, run: number) => {
      const started = performance.now();
      await runner.runBatch(messages(n, run));
      return performance.now() - started;
    };
    const parallel = runnerWith(10);
    const oneByOne = runnerWith(1);
    await time(parallel, 10, -1);
    const one: number[] = [];
    const batch: number[] = [];
    const sequential: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      one.push(await time(parallel, 1, run));
      batch.push(await time(parallel, 10, run));
      sequential.push(await time(oneByOne, 10, run + 1000));
    }
    return { one: summarize(one), batch: summarize(batch), sequential: summarize(sequential) };
  } finally {
    await server.stop();
  }
}
