import type { ChildProcess } from 'node:child_process';

/**
 * Tie an emulator's process to this one: it is killed when this process exits by any path (a
 * second Ctrl-C's immediate exit included), so no emulator outlives the stack holding its ports.
 * Returns the graceful stop: SIGTERM, then SIGKILL after `graceMs`, resolved once it has exited.
 *
 * @example
 * ```ts
 * const stop = ownChild(spawn('java', ['-jar', jar]));
 * await stop();
 * ```
 */
export function ownChild(child: ChildProcess, graceMs = 5000): () => Promise<void> {
  const killNow = () => child.kill('SIGKILL');
  process.once('exit', killNow);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killNow);
      resolve();
    }),
  );
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
  };
}
