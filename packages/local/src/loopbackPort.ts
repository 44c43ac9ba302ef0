/**
 * Ports of 127.0.0.1 for the emulators: a free one to start on, and waiting until a started
 * process listens.
 */
import type { ChildProcess } from 'node:child_process';
import { type AddressInfo, connect, createServer } from 'node:net';

/**
 * A port of 127.0.0.1 nothing listens on now (the system picks it; free until someone takes it).
 *
 * @example
 * ```ts
 * const port = await freeLoopbackPort();
 * ```
 */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The started process ended before it listened, most often because a port chosen free was taken
 * before the process bound it.
 *
 * @example
 * ```ts
 * try { await waitForListening(port, child, wait); } catch (e) { if (e instanceof ExitedBeforeListening) retry(); }
 * ```
 */
export class ExitedBeforeListening extends Error {
  override name = 'ExitedBeforeListening';
}

/** A tuple of `N` port numbers. */
type Ports<N extends number, R extends number[] = []> = R['length'] extends N ? R : Ports<N, [...R, number]>;

/**
 * Start a process on `count` free ports of 127.0.0.1; when it exits before listening (another
 * process took a port in between), choose new ports and start again, `attempts` times in all.
 *
 * @example
 * ```ts
 * const azurite = await onFreeLoopbackPorts(3, ([blob, queue, table]) => launch(blob, queue, table));
 * ```
 */
export async function onFreeLoopbackPorts<N extends number, T>(
  count: N,
  start: (ports: Ports<N>) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) ports.push(await freeLoopbackPort());
    try {
      return await start(ports as Ports<N>);
    } catch (error) {
      if (!(error instanceof ExitedBeforeListening) || attempt >= attempts) throw error;
    }
  }
}

/** How {@link waitForListening} waits, and what its errors call the process. */
export interface ListeningWait {
  /** The process as the errors name it: `azurite`, `the firestore emulator`. */
  what: string;
  /** When to give up, from `Date.now()`. */
  deadline: number;
  /** Milliseconds between two tries. */
  pollMs: number;
}

/**
 * Resolve once `port` of 127.0.0.1 accepts a connection; throw when `child` exits first or the
 * deadline passes.
 *
 * @example
 * ```ts
 * await waitForListening(port, child, { what: 'azurite', deadline: Date.now() + 20_000, pollMs: 50 });
 * ```
 */
export async function waitForListening(
  port: number,
  child: ChildProcess,
  wait: ListeningWait,
): Promise<void> {
  for (;;) {
    if (child.exitCode !== null)
      throw new ExitedBeforeListening(`${wait.what} exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(socket.end() !== undefined));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > wait.deadline) throw new Error(`${wait.what} did not listen on ${port} in time`);
    await new Promise((resolve) => setTimeout(resolve, wait.pollMs));
  }
}
