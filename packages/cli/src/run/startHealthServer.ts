import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running liveness endpoint. */
export interface HealthServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * Answer liveness probes: `GET /` (or any path) answers `200 {"status":"ok","inFlight":n}` while
 * the worker runs, `503` once it is draining. Listens on `host` (127.0.0.1 unless told otherwise).
 *
 * @example
 * ```ts
 * const health = await startHealthServer({ port: 8080, host: '127.0.0.1', state: () => ({ draining: false, inFlight: 0 }) });
 * await health.stop();
 * ```
 */
export async function startHealthServer(options: {
  port: number;
  host: string;
  state: () => { draining: boolean; inFlight: number };
}): Promise<HealthServer> {
  const server = createServer((_req, res) => {
    const { draining, inFlight } = options.state();
    res.writeHead(draining ? 503 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: draining ? 'draining' : 'ok', inFlight }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
