/**
 * HTTP functions on 127.0.0.1 for executor specs: each answers the executor-protocol request it is
 * POSTed with the JSON its handler returns, as an HTTP-triggered function would.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A function of {@link startJsonFunctionServer}: the parsed request in, the JSON answer out. */
export type JsonFunction = (request: Record<string, unknown>) => unknown;

/** A running {@link startJsonFunctionServer}. */
export interface JsonFunctionServer {
  /** `http://127.0.0.1:<port>`; a function answers at `<url>/<name>` (and at any path ending so). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Serve `functions` by the last segment of the path POSTed to. A call `throttled` picks is
 * answered `503` with no protocol answer (a host restarting), an unknown name `404`.
 *
 * @example
 * ```ts
 * const server = await startJsonFunctionServer({ functions: { add: (r) => (r.args as number[])[0] } });
 * await createHttpExecutor(new URL(`${server.url}/add`)).execute(sampleCall, executionContext());
 * ```
 */
export async function startJsonFunctionServer(options: {
  functions: Record<string, JsonFunction>;
  throttled?: (name: string) => boolean;
}): Promise<JsonFunctionServer> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const name = decodeURIComponent((req.url ?? '').split(/[?#]/)[0]?.split('/').at(-1) ?? '');
    const fn = Object.hasOwn(options.functions, name) ? options.functions[name] : undefined;
    if (!fn) return void res.writeHead(404).end('no such function');
    if (options.throttled?.(name)) return void res.writeHead(503).end('host is restarting');
    const answer = await fn(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer ?? null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
