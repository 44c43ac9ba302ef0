/**
 * `celery-cloud dev --provider azure`: the Azure side of celery-cloud on this machine.
 */
import { createPublisher, createResultStore, handlerFromEnv } from '@celery-cloud/azure';
import { ConfigError } from '@celery-cloud/core';
import {
  DEVSTORE_ACCOUNT_KEY,
  type LocalAzure,
  type QueueHost,
  startLocalAzure,
  startQueueHost,
} from '@celery-cloud/local/azure';
import { type LiveView, startLiveView } from '../ui/startLiveView.js';
import { ProgressPrinter } from './ProgressPrinter.js';
import type { CommandIo } from './io.js';
import { loadTasks } from './loadTasks.js';
import { chordModeEnv, parseAzureDevOptions } from './options.js';
import { progressLogger } from './progressLogger.js';
import { planDemo, untilStopped } from './runDemo.js';
import { shutdownSignal } from './shutdownSignal.js';
import { writeConfigFile } from './writeConfigFile.js';

/** What a Python Celery client (kombu 5.3+) sets to use the local stack. */
/** Azure Functions' default `maxDequeueCount`: deliveries before the poison queue. */
const AZURE_MAX_DEQUEUE_COUNT = 5;

function clientConfig(azure: LocalAzure, env: Record<string, string>) {
  const queueEndpoint = /QueueEndpoint=([^;]+)/.exec(azure.connectionString)?.[1] ?? '';
  return {
    broker_url: `azurestoragequeues://${DEVSTORE_ACCOUNT_KEY}@${queueEndpoint}`,
    backend_url: azure.python.backend_url,
    // kombu's azurestoragequeues transport needs no options for Azurite: the URL carries the endpoint.
    transport_options: {},
    queue: azure.queue,
    azureblockblob_container_name: azure.container,
    env,
  };
}

/**
 * Start Azurite, create the queue, its poison queue and the results container, run the Function
 * App's handler behind a stand-in for the host's queue trigger, print the Celery client settings
 * and every task outcome. SIGINT/SIGTERM drain the invocations in flight and exit 0. Returns the
 * exit code: 0, 1 (runtime failure) or 2 (bad flags or configuration).
 *
 * @example
 * ```ts
 * const code = await devAzure(['--provider', 'azure', '--tasks', 'examples/tasks.ts', '--demo'], { ...process, env: process.env });
 * ```
 */
export async function devAzure(argv: string[], io: CommandIo): Promise<number> {
  const shutdown = shutdownSignal(() => {
    io.stderr.write('dev: second signal, exiting without waiting for in-flight tasks\n');
    process.exit(130);
  });
  let azure: LocalAzure | null = null;
  let host: QueueHost | null = null;
  let progress: ProgressPrinter | null = null;
  let live: LiveView | null = null;
  try {
    const options = parseAzureDevOptions(argv);
    const tasks = await loadTasks(options, io.env, process.cwd());
    const demoCalls = options.demo ? planDemo(tasks.registry.names()) : [];
    azure = await startLocalAzure({
      queue: options.queue,
      container: options.container,
      ...(options.port === null ? {} : { port: options.port }),
    });
    const env = {
      ...azure.env,
      ...(tasks.routes === null ? {} : { TASKS: tasks.routes }),
      ...chordModeEnv(options),
      // The queue host's maxDequeueCount: the runner stores DeadLetteredError on the last delivery.
      CELERY_CLOUD_MAX_RECEIVE_COUNT: String(AZURE_MAX_DEQUEUE_COUNT),
    };
    const log = options.json ? io.stderr : io.stdout;
    const printer = new ProgressPrinter(log, { summaryIntervalMs: options.summaryIntervalSeconds * 1000 });
    progress = printer;
    if (options.ui)
      live = await startLiveView({
        port: options.uiPort,
        title: `dev --provider azure, queue ${azure.queue}`,
      });
    const handler = handlerFromEnv(env, {
      tasks: tasks.registry,
      logger: progressLogger(printer),
      ...(live ? { onTaskEvent: live.onTaskEvent } : {}),
    });
    host = startQueueHost({
      connectionString: azure.connectionString,
      queue: azure.queue,
      batchSize: options.batchSize,
      maxDequeueCount: AZURE_MAX_DEQUEUE_COUNT,
      handler: (entry, context) => {
        printer.received(1);
        return handler(entry, context);
      },
      onError: (error) => printer.note(`error: ${(error as Error).message}`),
    });

    const config = clientConfig(azure, env);
    if (options.configOut !== null) await writeConfigFile(options.configOut, config);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(live ? { ...config, ui_url: live.url } : config)}\n`);
    } else {
      io.stdout.write(
        [
          'Python Celery client configuration (kombu 5.3+):',
          '',
          '    from celery import Celery',
          '',
          `    app = Celery('client', broker=${JSON.stringify(config.broker_url)}, backend=${JSON.stringify(config.backend_url)})`,
          `    app.conf.task_default_queue = ${JSON.stringify(config.queue)}`,
          '',
          `ready: Azurite at ${/BlobEndpoint=http:\/\/([^/;]+)/.exec(azure.connectionString)?.[1]}, listening on queue ${azure.queue} (Ctrl-C to stop)`,
          '',
          '',
        ].join('\n'),
      );
    }

    if (live && !options.json) io.stdout.write(`live view: ${live.url}\n\n`);
    const demo = options.demo
      ? {
          publisher: createPublisher({ connectionString: azure.connectionString }),
          backend: createResultStore({
            connectionString: azure.connectionString,
            container: azure.container,
          }),
          queue: azure.queue,
          names: { queue: 'the Storage Queue', store: 'Blob Storage' },
          calls: demoCalls,
          out: log,
          timeoutMs: 30_000,
        }
      : null;
    await untilStopped(shutdown, demo, options.keepRunning);
    log.write('dev: stopping: waiting for in-flight invocations\n');
    return 0;
  } catch (error) {
    io.stderr.write(`dev: ${(error as Error).message}\n`);
    return error instanceof ConfigError ? 2 : 1;
  } finally {
    await host?.stop();
    await live?.close();
    progress?.stop();
    await azure?.stop();
    shutdown.dispose();
  }
}
