import { type Server, type Socket, connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP proxy on 127.0.0.1 that can be switched off to make a service unreachable. */
export interface ToggleProxy {
  endpoint: string;
  /** `false`: new connections are refused at once and open ones are cut. */
  setReachable(reachable: boolean): void;
  /** Hold every chunk sent to the service this long (a slow service); 0 for none. */
  setDelayMs(ms: number): void;
  stop(): Promise<void>;
}

/**
 * Put a switchable TCP proxy in front of `target` (`http://127.0.0.1:PORT`), for fault tests:
 * point a client at `endpoint`, then take the service away and bring it back.
 *
 * @example
 * ```ts
 * const proxy = await startToggleProxy(dynamo.endpoint);
 * proxy.setReachable(false); // the store is down
 * ```
 */
export async function startToggleProxy(target: string): Promise<ToggleProxy> {
  const { hostname, port } = new URL(target);
  let reachable = true;
  let delayMs = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!reachable) return void client.destroy();
    const upstream = connect(Number(port), hostname);
    open.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    upstream.pipe(client);
    // Chunks to the service wait `delayMs` each, in order.
    let sent = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      sent = sent
        .then(() => (delayMs > 0 ? new Promise((resolve) => setTimeout(resolve, delayMs)) : undefined))
        .then(() => void upstream.write(chunk));
    });
    client.on('end', () => void sent.then(() => upstream.end()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDelayMs(ms) {
      delayMs = ms;
    },
    setReachable(value) {
      reachable = value;
      if (!value) for (const s of open) s.destroy();
    },
    stop: () =>
      new Promise((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
