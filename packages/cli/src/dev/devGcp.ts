/**
 * `celery-cloud dev --provider gcp`: the Google Cloud side of celery-cloud on this machine.
 */

import { ConfigError } from '@celery-cloud/core';
import { createPublisher, createResultStore, handlerFromEnv } from '@celery-cloud/gcp';
import {
  type LocalGcp,
  type PubSubPush,
  hasGcpEmulators,
  startLocalGcp,
  startPubSubPush,
} from '@celery-cloud/local/gcp';
import { type LiveView, startLiveView } from '../ui/startLiveView.js';
import { ProgressPrinter } from './ProgressPrinter.js';
import type { CommandIo } from './io.js';
import { loadTasks } from './loadTasks.js';
import { chordModeEnv, parseGcpDevOptions } from './options.js';
import { progressLogger } from './progressLogger.js';
import { planDemo, untilStopped } from './runDemo.js';
import { shutdownSignal } from './shutdownSignal.js';
import { writeConfigFile } from './writeConfigFile.js';

/**
 * What a Python Celery client (kombu 5.5+'s `gcpubsub` transport, the Firestore backend class of
 * docs/gcp.md) sets to use the local stack. The Google clients find the emulators through the
 * environment, so `client_env` is the equivalent of transport options: export it before starting
 * the client.
 */
function gcpClientConfig(stack: LocalGcp, env: Record<string, string>) {
  return {
    broker_url: `gcpubsub://projects/${stack.projectId}`,
    backend_url: `celery_cloud_firestore:FirestoreBackend+firestore://${stack.projectId}/celery`,
    transport_options: {},
    client_env: {
      GOOGLE_CLOUD_PROJECT: stack.projectId,
      PUBSUB_EMULATOR_HOST: env.PUBSUB_EMULATOR_HOST,
      FIRESTORE_EMULATOR_HOST: env.FIRESTORE_EMULATOR_HOST,
    },
    queue: stack.queue,
    topic: stack.topic,
    project: stack.projectId,
    env,
  };
}

/**
 * Start the Firestore and Pub/Sub emulators, create the topic and the queue's filtered
 * subscription, run the Cloud Function's handler behind a stand-in push subscription, print the
 * client settings and every task outcome. SIGINT/SIGTERM drain the invocations in flight and exit
 * 0. Returns the exit code: 0, 1 (runtime failure) or 2 (bad flags, configuration, or no emulators).
 *
 * @example
 * ```ts
 * const code = await devGcp(['--provider', 'gcp', '--tasks', 'examples/tasks.ts', '--demo'], { ...process, env: process.env });
 * ```
 */
export async function devGcp(argv: string[], io: CommandIo): Promise<number> {
  const shutdown = shutdownSignal(() => {
    io.stderr.write('dev: second signal, exiting without waiting for in-flight tasks\n');
    process.exit(130);
  });
  let stack: LocalGcp | null = null;
  let push: PubSubPush | null = null;
  let progress: ProgressPrinter | null = null;
  let live: LiveView | null = null;
  try {
    const options = parseGcpDevOptions(argv);
    if (!hasGcpEmulators()) {
      throw new ConfigError(
        'Java and the gcloud Firestore and Pub/Sub emulators are needed (gcloud components)',
      );
    }
    const tasks = await loadTasks(options, io.env, process.cwd());
    const demoCalls = options.demo ? planDemo(tasks.registry.names()) : [];
    stack = await startLocalGcp({
      queue: options.queue,
      ...(options.port === null ? {} : { port: options.port }),
    });
    const env: Record<string, string> = {
      ...stack.env,
      ...(tasks.routes === null ? {} : { TASKS: tasks.routes }),
      ...chordModeEnv(options),
    };
    const log = options.json ? io.stderr : io.stdout;
    const printer = new ProgressPrinter(log, { summaryIntervalMs: options.summaryIntervalSeconds * 1000 });
    progress = printer;
    if (options.ui)
      live = await startLiveView({ port: options.uiPort, title: `dev --provider gcp, queue ${stack.queue}` });
    const handler = handlerFromEnv(env, {
      tasks: tasks.registry,
      logger: progressLogger(printer),
      ...(live ? { onTaskEvent: live.onTaskEvent } : {}),
    });
    push = startPubSubPush({
      subscription: stack.subscription,
      concurrency: options.batchSize,
      handler: (event) => {
        printer.received(1);
        return handler(event);
      },
      onError: (error) => printer.note(`error: ${(error as Error).message}`),
    });
    const config = gcpClientConfig(stack, env);
    if (options.configOut !== null) await writeConfigFile(options.configOut, config);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(live ? { ...config, ui_url: live.url } : config)}\n`);
    } else {
      io.stdout.write(
        [
          `Pub/Sub emulator at ${env.PUBSUB_EMULATOR_HOST}: topic ${stack.topic}, subscription kombu-${stack.queue}`,
          `Firestore emulator at ${env.FIRESTORE_EMULATOR_HOST}: results in collection celery`,
          'Send with kombu 5.5+ (gcpubsub://projects/<project>) or the TypeScript client (docs/client.md).',
          '',
          `ready: listening on queue ${stack.queue} (Ctrl-C to stop)`,
          '',
          '',
        ].join('\n'),
      );
    }
    if (live && !options.json) io.stdout.write(`live view: ${live.url}\n\n`);
    const demo = options.demo
      ? {
          publisher: createPublisher({ pubsub: stack.pubsub, topic: stack.topic }),
          backend: createResultStore({ firestore: stack.firestore }),
          queue: stack.queue,
          names: { queue: 'Pub/Sub', store: 'Firestore' },
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
    await push?.stop();
    await live?.close();
    progress?.stop();
    await stack?.stop();
    shutdown.dispose();
  }
}
