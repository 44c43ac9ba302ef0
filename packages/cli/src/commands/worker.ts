import { type Beat, ConfigError, taskQueueFromEnv } from '@celery-cloud/core';
import { readScheduleFile } from '../beat/readScheduleFile.js';
import { startCliBeat } from '../beat/startCliBeat.js';
import { parseWorkerOptions } from '../flags/worker.js';
import { PROVIDERS, type ProviderPoller } from '../providers/provider.js';
import { ProgressPrinter } from '../run/ProgressPrinter.js';
import { loadTasks } from '../run/loadTasks.js';
import { progressLogger } from '../run/progressLogger.js';
import { shutdownSignal } from '../run/shutdownSignal.js';
import { type HealthServer, startHealthServer } from '../run/startHealthServer.js';
import { type LiveView, startLiveView } from '../ui/startLiveView.js';
import type { CommandIo } from './index.js';

/**
 * `celery-cloud worker --provider aws|azure|gcp`: a long-running worker for container platforms
 * and for tasks longer than a function may run. Polls the queue with the provider's production
 * poller (long polls, a lease heartbeat while each task runs, at most `--concurrency` tasks in
 * flight, no deadline but the message's `timelimit` or `--time-limit`) and runs each message
 * through the same runner the function app deploys; with `--beat`, also sends each entry of the
 * schedule to the queue when due. SIGINT/SIGTERM drain the tasks in flight and
 * exit 0. Returns the exit code (0, 1, or 2 for bad flags or configuration).
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
  let poller: ProviderPoller | null = null;
  let progress: ProgressPrinter | null = null;
  let health: HealthServer | null = null;
  let live: LiveView | null = null;
  let beat: Beat | null = null;
  let draining = false;
  try {
    const options = parseWorkerOptions(argv, io.env);
    const tasks = await loadTasks(options, io.env, process.cwd());
    const schedule =
      options.beat === null ? null : await readScheduleFile(options.beat, '--beat', process.cwd());
    const env = { ...io.env, ...(tasks.routes === null ? {} : { TASKS: tasks.routes }) };
    progress = new ProgressPrinter(io.stdout, { summaryIntervalMs: options.summaryIntervalSeconds * 1000 });
    const printer = progress;
    if (options.ui)
      live = await startLiveView({ port: options.uiPort, title: `worker --provider ${options.provider}` });
    poller = await (await PROVIDERS[options.provider]()).worker({
      options,
      env,
      handler: {
        tasks: tasks.registry,
        logger: progressLogger(printer),
        ...(live ? { onTaskEvent: live.onTaskEvent } : {}),
      },
      // The runner's record of the message, just before, counted it as settled.
      onSettled: () => printer.received(1),
    });
    const loop = poller.loop;
    if (schedule)
      beat = startCliBeat({
        schedule,
        publisher: poller.publisher,
        queueFor: taskQueueFromEnv(env),
        progress: printer,
        logger: progressLogger(printer),
      });
    if (options.healthPort !== null) {
      health = await startHealthServer({
        port: options.healthPort,
        host: options.healthHost,
        state: () => ({ draining, inFlight: loop.inFlight }),
      });
      io.stdout.write(`worker: liveness on http://${options.healthHost}:${health.port}/\n`);
    }
    io.stdout.write(`worker: polling ${poller.polling}\n`);
    if (live) io.stdout.write(`worker: live view: ${live.url}\n`);
    await shutdown.received;
    draining = true;
    io.stdout.write(`worker: stopping: waiting for ${loop.inFlight} task(s) in flight\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`worker: ${(error as Error).message}\n`);
    return error instanceof ConfigError ? 2 : 1;
  } finally {
    draining = true;
    await beat?.stop();
    await poller?.loop.stop();
    await health?.stop();
    await live?.close();
    progress?.stop();
    poller?.close();
    shutdown.dispose();
  }
}
