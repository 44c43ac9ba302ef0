/**
 * An HTTP server on 127.0.0.1 that records every request and lets the spec answer it, for specs of
 * what a client sends (paths, headers, bodies) and how it reads what comes back.
 */
import { type IncomingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a {@link RecordingServer} received, its body read whole. */
export interface RecordedRequest {
  /** The request target: path and query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A running {@link startRecordingServer}. */
export interface RecordingServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request so far, oldest first. */
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * Serve on a free port of 127.0.0.1: each request is recorded, then `answer` writes its response.
 *
 * @example
 * ```ts
 * const server = await startRecordingServer((request, res) => res.writeHead(200).end('{"pages": 2}'));
 * await fetch(`${server.url}/build`, { method: 'POST', body: '{}' });
 * server.requests.at(-1)?.path; // '/build'
 * ```
 */
export async function startRecordingServer(
  answer: (request: RecordedRequest, res: ServerResponse) => void,
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      answer(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
