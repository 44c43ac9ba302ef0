/** A pending shutdown request. */
export interface ShutdownSignal {
  /** Resolves with the first SIGINT, SIGTERM or SIGHUP received (SIGHUP also when orphaned). */
  readonly received: Promise<NodeJS.Signals>;
  /** Remove the signal listeners. */
  dispose(): void;
}

import { readFileSync } from 'node:fs';

/** How often the launching processes are looked for. */
const PARENT_CHECK_MS = 500;

/**
 * The parent and, on Linux, the grandparent: `pnpm celery-cloud ...` runs the command under a
 * `sh -c` that outlives a killed `pnpm`, so the parent alone would not tell. Init (pid 1) is
 * left out: a command started by a container's init has no launcher to lose.
 */
function launchers(): number[] {
  const parent = process.ppid;
  let grandparent = 0;
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the ')'.
    const stat = readFileSync(`/proc/${parent}/stat`, 'utf8');
    grandparent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    // Not Linux: the parent alone is watched.
  }
  return [parent, grandparent].filter((pid) => Number.isInteger(pid) && pid > 1);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Listen for SIGINT, SIGTERM and SIGHUP (the terminal closed), and for the processes that launched
 * the command going away (the `pnpm` that started it was killed: nothing forwards a signal then,
 * and the stack would outlive it holding its ports), which counts as SIGHUP. The first one resolves
 * `received` (the caller then drains and stops); a second one runs `onRepeat`, for a user who does
 * not want to wait for the drain.
 *
 * @example
 * ```ts
 * const shutdown = shutdownSignal(() => process.exit(130));
 * await shutdown.received;
 * await poller.stop();
 * shutdown.dispose();
 * ```
 */
export function shutdownSignal(onRepeat: (signal: NodeJS.Signals) => void): ShutdownSignal {
  let seen = false;
  let resolveReceived: (signal: NodeJS.Signals) => void = () => {};
  const received = new Promise<NodeJS.Signals>((resolve) => {
    resolveReceived = resolve;
  });
  const listener = (signal: NodeJS.Signals) => {
    if (seen) {
      onRepeat(signal);
      return;
    }
    seen = true;
    resolveReceived(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, listener);
  const watched = launchers();
  const orphanCheck = setInterval(() => {
    if (!seen && !watched.every(isAlive)) listener('SIGHUP');
  }, PARENT_CHECK_MS);
  orphanCheck.unref();
  return {
    received,
    dispose: () => {
      clearInterval(orphanCheck);
      for (const signal of signals) process.off(signal, listener);
    },
  };
}
