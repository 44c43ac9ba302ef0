import { createPublisher, createResultStore } from '@celery-cloud/aws';
import { ConfigError } from '@celery-cloud/core';
import {
  type LocalAwsStack,
  celeryClientConfig,
  localHandlerEnv,
  startLocalAws,
} from '@celery-cloud/local/aws';
import { ProgressPrinter } from '../dev/ProgressPrinter.js';
import { formatClientConfig } from '../dev/clientConfig.js';
import type { CommandIo } from '../dev/io.js';
import { loadFunctions, loadTasks } from '../dev/loadTasks.js';
import { chordModeEnv, parseDevOptions, providerOf } from '../dev/options.js';
import { planDemo, untilStopped } from '../dev/runDemo.js';
import { shutdownSignal } from '../dev/shutdownSignal.js';
import { type QueuePoller, startQueuePoller } from '../dev/startQueuePoller.js';
import { writeConfigFile } from '../dev/writeConfigFile.js';
import { type LiveView, startLiveView } from '../ui/startLiveView.js';

/**
 * `celery-cloud dev --provider aws`: the AWS side of celery-cloud on this machine (`--provider
 * azure` and `--provider gcp` run the other clouds' sides instead, see `devAzure` and `devGcp`). Starts SQS,
 * DynamoDB and the Lambda Invoke API on 127.0.0.1 (unless given their endpoints), creates the
 * queue, its dead-letter queue and the results table, runs the Lambda app's handler behind a
 * local SQS event source mapping, prints the Celery client configuration and the outcome of
 * every task. SIGINT/SIGTERM drain the in-flight batches, stop the servers and exit 0.
 * Returns the exit code: 0, 1 (runtime failure) or 2 (bad flags or configuration).
 *
 * @example
 * ```ts
 * const code = await dev(['--provider', 'aws', '--tasks', 'examples/tasks.ts', '--json'], { ...process, env: process.env });
 * ```
 */
export async function dev(argv: string[], io: CommandIo): Promise<number> {
  const provider = providerOf(argv);
  if (provider === 'azure') return (await import('../dev/devAzure.js')).devAzure(argv, io);
  if (provider === 'gcp') return (await import('../dev/devGcp.js')).devGcp(argv, io);
  const shutdown = shutdownSignal(() => {
    io.stderr.write('dev: second signal, exiting without waiting for in-flight tasks\n');
    process.exit(130);
  });
  let stack: LocalAwsStack | null = null;
  let poller: QueuePoller | null = null;
  let progress: ProgressPrinter | null = null;
  let live: LiveView | null = null;
  try {
    const options = parseDevOptions(argv, io.env);
    const cwd = process.cwd();
    const tasks = await loadTasks(options, io.env, cwd);
    const functions = options.functions === null ? {} : await loadFunctions(options.functions, cwd);
    const demoCalls = options.demo ? planDemo(tasks.registry.names()) : [];
    stack = await startLocalAws({ ...options, functions });
    const env = {
      ...localHandlerEnv(stack, tasks.routes),
      ...chordModeEnv(options),
      // As the SAM template does: the runner stores DeadLetteredError on the last delivery.
      ...(stack.deadLetterQueueUrl === null
        ? {}
        : { CELERY_CLOUD_MAX_RECEIVE_COUNT: String(options.maxReceiveCount) }),
    };
    // In --json mode stdout carries the one config line only, so scripts can parse it.
    const log = options.json ? io.stderr : io.stdout;
    progress = new ProgressPrinter(log, { summaryIntervalMs: options.summaryIntervalSeconds * 1000 });
    if (options.ui)
      live = await startLiveView({ port: options.uiPort, title: `dev --provider aws, queue ${stack.queue}` });
    poller = startQueuePoller({
      ...(live ? { onTaskEvent: live.onTaskEvent } : {}),
      env,
      tasks: tasks.registry,
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      batchSize: options.batchSize,
      batchingWindowMs: options.batchingWindowMs,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      deadLetter:
        stack.deadLetterQueueUrl === null
          ? null
          : { queueUrl: stack.deadLetterQueueUrl, maxReceiveCount: options.maxReceiveCount },
      progress,
    });

    const config = celeryClientConfig(stack, env);
    if (options.configOut !== null) await writeConfigFile(options.configOut, config);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(live ? { ...config, ui_url: live.url } : config)}\n`);
    } else {
      io.stdout.write(formatClientConfig(config));
      io.stdout.write(`\nready: polling ${stack.queueUrl} (Ctrl-C to stop)\n`);
      io.stdout.write(live ? `live view: ${live.url}\n\n` : '\n');
    }

    const demo = options.demo
      ? {
          publisher: createPublisher({ client: stack.sqs, queueUrl: stack.queueUrl }),
          backend: createResultStore({ client: stack.dynamo, table: stack.table }),
          queue: stack.queue,
          names: { queue: 'SQS', store: 'DynamoDB' },
          calls: demoCalls,
          out: log,
          timeoutMs: 30_000,
        }
      : null;
    await untilStopped(shutdown, demo, options.keepRunning);
    log.write('dev: stopping: waiting for in-flight batches\n');
    return 0;
  } catch (error) {
    io.stderr.write(`dev: ${(error as Error).message}\n`);
    return error instanceof ConfigError ? 2 : 1;
  } finally {
    await poller?.stop();
    await live?.close();
    progress?.stop();
    await stack?.stop();
    shutdown.dispose();
  }
}
