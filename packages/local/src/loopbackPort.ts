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
    if (child.exitCode !== null) throw new Error(`${wait.what} exited with code ${child.exitCode}`);
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
