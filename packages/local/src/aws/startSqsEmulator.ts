import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { Readable } from 'node:stream';
import { createRequestHandler } from 'local-aws-sqs';

/** A local service on 127.0.0.1 and how to stop it. */
export interface LocalService {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Stop a node server, closing kept-alive connections so `close` returns promptly. */
export function closeServer(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

const QUEUE_PATH = /^\/\d+\/[^/]+$/;

/** The query-protocol body with `QueueUrl` added from the request path when it is missing. */
function withQueueUrl(body: string, path: string, origin: string): string {
  if (!QUEUE_PATH.test(path) || new URLSearchParams(body).has('QueueUrl')) return body;
  return `${body}${body ? '&' : ''}QueueUrl=${encodeURIComponent(`${origin}${path}`)}`;
}

/**
 * Start an SQS emulator (`local-aws-sqs`, in memory) on 127.0.0.1. It speaks both the JSON
 * protocol of current AWS SDKs and the query protocol of boto3 (Python Celery). kombu's consuming
 * worker posts query requests to the queue URL without a `QueueUrl` parameter, which AWS accepts
 * and the emulator does not: the server adds it from the path, so a real Celery worker can consume.
 *
 * @example
 * ```ts
 * const sqs = await startSqsEmulator();
 * const client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1' });
 * await sqs.stop();
 * ```
 */
export async function startSqsEmulator(options: { port?: number } = {}): Promise<LocalService> {
  // The emulator builds queue URLs from its port, known only once the server listens.
  const emulator: { origin: string; handle?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } =
    {
      origin: '',
    };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks).toString('utf8');
    if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      body = withQueueUrl(body, new URL(req.url ?? '/', emulator.origin).pathname, emulator.origin);
    }
    const replayed = Object.assign(Readable.from([Buffer.from(body)]), {
      method: req.method,
      url: req.url,
      headers: { ...req.headers, 'content-length': String(Buffer.byteLength(body)) },
      socket: req.socket,
    });
    if (emulator.handle) await emulator.handle(replayed as unknown as IncomingMessage, res);
    else res.writeHead(503).end('the SQS emulator is starting');
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  emulator.origin = `http://127.0.0.1:${port}`;
  emulator.handle = createRequestHandler({ port, hostname: '127.0.0.1' }).requestHandler;
  return { endpoint: emulator.origin, port, stop: () => closeServer(server) };
}
