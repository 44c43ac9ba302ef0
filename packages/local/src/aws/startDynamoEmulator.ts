/// <reference path="./dynalite.d.ts" />
import type { AddressInfo, Server } from 'node:net';
import dynalite from 'dynalite';
import { type LocalService, closeServer } from './startSqsEmulator.js';

/**
 * Start a DynamoDB emulator (`dynalite`, in memory) on 127.0.0.1.
 *
 * @example
 * ```ts
 * const dynamo = await startDynamoEmulator();
 * const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1' });
 * ```
 */
export async function startDynamoEmulator(options: { port?: number } = {}): Promise<LocalService> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
}
