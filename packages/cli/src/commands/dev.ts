import { type Beat, ConfigError } from '@celery-cloud/core';
import { readScheduleFile } from '../beat/readScheduleFile.js';
import { startCliBeat } from '../beat/startCliBeat.js';
import { parseDevOptions } from '../flags/dev.js';
import type { DevStack } from '../providers/provider.js';
import { PROVIDERS } from '../providers/provider.js';
import { ProgressPrinter } from '../run/ProgressPrinter.js';
import { loadTasks } from '../run/loadTasks.js';
import { progressLogger } from '../run/progressLogger.js';
import { planDemo, untilStopped } from '../run/runDemo.js';
import { shutdownSignal } from '../run/shutdownSignal.js';
import { writeConfigFile } from '../run/writeConfigFile.js';
import { type LiveView, startLiveView } from '../ui/startLiveView.js';
import type { CommandIo } from './index.js';

/**
 * `celery-cloud dev --provider aws|azure|gcp`: one cloud's side of celery-cloud on this machine.
 * Starts the provider's emulators (AWS: SQS, DynamoDB and the Lambda Invoke API unless given their
 * endpoints; Azure: Azurite; Google Cloud: the Firestore and Pub/Sub emulators), creates the
 * queue and the results store, runs the function app's handler behind a local trigger, prints
 * the Celery client configuration and the outcome of every task; with `--beat`, sends each entry
 * of the schedule to the queue when due. SIGINT/SIGTERM drain what is in
 * flight, stop the servers and exit 0. Returns the exit code: 0, 1 (runtime failure) or 2 (bad
 * flags or configuration).
 *
 * @example
 * ```ts
 * const code = await dev(['--provider', 'aws', '--tasks', 'examples/tasks.ts', '--json'], { ...process, env: process.env });
 * ```
 */
export async function dev(argv: string[], io: CommandIo): Promise<number> {
  const shutdown = shutdownSignal(() => {
    io.stderr.write('dev: second signal, exiting without waiting for in-flight tasks\n');
    process.exit(130);
  });
  let stack: DevStack | null = null;
  let consumer: { stop(): Promise<void> } | null = null;
  let progress: ProgressPrinter | null = null;
  let live: LiveView | null = null;
  let beat: Beat | null = null;
  try {
    const { provider, options } = parseDevOptions(argv, io.env);
    const cwd = process.cwd();
    const tasks = await loadTasks(options, io.env, cwd);
    const schedule = options.beat === null ? null : await readScheduleFile(options.beat, '--beat', cwd);
    const demoCalls = options.demo ? planDemo(tasks.registry.names()) : [];
    const { dev: local } = await PROVIDERS[provider]();
    stack = await local.start(options as never, tasks, cwd);
    // In --json mode stdout carries the one config line only, so scripts can parse it.
    const log = options.json ? io.stderr : io.stdout;
    progress = new ProgressPrinter(log, { summaryIntervalMs: options.summaryIntervalSeconds * 1000 });
    if (options.ui)
      live = await startLiveView({
        port: options.uiPort,
        title: `dev --provider ${provider}, queue ${stack.queue}`,
      });
    consumer = stack.consume(progress, {
      tasks: tasks.registry,
      logger: progressLogger(progress),
      ...(live ? { onTaskEvent: live.onTaskEvent } : {}),
    });

    const queue = stack.queue;
    if (schedule)
      beat = startCliBeat({
        schedule,
        publisher: stack.demo().publisher,
        // The stack serves one queue: an entry naming none goes there.
        queueFor: () => queue,
        progress,
        logger: progressLogger(progress),
      });

    const config = stack.clientConfig;
    if (options.configOut !== null) await writeConfigFile(options.configOut, config);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(live ? { ...config, ui_url: live.url } : config)}\n`);
    } else {
      io.stdout.write(stack.describe());
      io.stdout.write(live ? `live view: ${live.url}\n\n` : '\n');
    }

    const demo = options.demo
      ? { ...stack.demo(), queue: stack.queue, calls: demoCalls, out: log, timeoutMs: 30_000 }
      : null;
    await untilStopped(shutdown, demo, { keepRunning: options.keepRunning });
    log.write(`dev: stopping: waiting for in-flight ${stack.inFlight}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`dev: ${(error as Error).message}\n`);
    return error instanceof ConfigError ? 2 : 1;
  } finally {
    await beat?.stop();
    await consumer?.stop();
    await live?.close();
    progress?.stop();
    await stack?.stop();
    shutdown.dispose();
  }
}
