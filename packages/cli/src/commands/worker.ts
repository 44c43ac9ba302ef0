import { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError } from '@celery-cloud/core';
import { ProgressPrinter } from '../dev/ProgressPrinter.js';
import type { CommandIo } from '../dev/io.js';
import { loadTasks } from '../dev/loadTasks.js';
import { parseWorkerOptions } from '../dev/options.js';
import { shutdownSignal } from '../dev/shutdownSignal.js';
import { type QueuePoller, startQueuePoller } from '../dev/startQueuePoller.js';
import { type LiveView, startLiveView } from '../ui/startLiveView.js';

/**
 * `celery-cloud worker --provider aws`: poll a real SQS queue and run each batch through the
 * Lambda app's handler, for container platforms. Credentials, region and endpoints come from the
 * AWS SDK's usual sources; the handler reads the rest of its environment as the Lambda app does.
 * SIGINT/SIGTERM drain the in-flight batches and exit 0. Returns the exit code (0, 1, or 2 for
 * bad flags or configuration).
 *
 * @example
 * ```ts
 * const code = await worker(['--provider', 'aws', '--queue-url', url, '--tasks', 'dist/tasks.js'], { ...process, env: process.env });
 * ```
 */
export async function worker(argv: string[], io: CommandIo): Promise<number> {
  const shutdown = shutdownSignal(() => {
    io.stderr.write('worker: second signal, exiting without waiting for in-flight tasks\n');
    process.exit(130);
  });
  let sqs: SQSClient | null = null;
  let poller: QueuePoller | null = null;
  let progress: ProgressPrinter | null = null;
  let live: LiveView | null = null;
  try {
    const options = parseWorkerOptions(argv, io.env);
    const tasks = await loadTasks(options, io.env, process.cwd());
    const env = {
      ...io.env,
      CELERY_CLOUD_QUEUE_URL: options.queueUrl,
      ...(tasks.routes === null ? {} : { TASKS: tasks.routes }),
      ...(options.backend === null ? {} : { CELERY_RESULT_BACKEND: options.backend }),
    };
    sqs = new SQSClient({ region: options.region });
    progress = new ProgressPrinter(io.stdout, { summaryIntervalMs: options.summaryIntervalSeconds * 1000 });
    if (options.ui) live = await startLiveView({ port: options.uiPort, title: `worker ${options.queueUrl}` });
    poller = startQueuePoller({
      ...(live ? { onTaskEvent: live.onTaskEvent } : {}),
      env,
      tasks: tasks.registry,
      sqs,
      queueUrl: options.queueUrl,
      batchSize: options.batchSize,
      batchingWindowMs: options.batchingWindowMs,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      deadLetter: null,
      progress,
    });
    io.stdout.write(`worker: polling ${options.queueUrl}\n`);
    if (live) io.stdout.write(`worker: live view: ${live.url}\n`);
    await shutdown.received;
    io.stdout.write('worker: stopping: waiting for in-flight batches\n');
    return 0;
  } catch (error) {
    io.stderr.write(`worker: ${(error as Error).message}\n`);
    return error instanceof ConfigError ? 2 : 1;
  } finally {
    await poller?.stop();
    await live?.close();
    progress?.stop();
    sqs?.destroy();
    shutdown.dispose();
  }
}
