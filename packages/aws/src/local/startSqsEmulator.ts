import type { AddressInfo, Server } from 'node:net';
import { createSqsServer } from 'local-aws-sqs';

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

/**
 * Start an SQS emulator (`local-aws-sqs`, in memory) on 127.0.0.1. It speaks both the JSON
 * protocol of current AWS SDKs and the query protocol of boto3 (Python Celery).
 *
 * @example
 * ```ts
 * const sqs = await startSqsEmulator();
 * const client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1' });
 * await sqs.stop();
 * ```
 */
export async function startSqsEmulator(options: { port?: number } = {}): Promise<LocalService> {
  const server = (await createSqsServer({
    port: options.port ?? 0,
    hostname: '127.0.0.1',
  } as never)) as Server;
  const port = (server.address() as AddressInfo).port;
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
}
