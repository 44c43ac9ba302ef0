/**
 * Azurite, Microsoft's Storage emulator (Blob, Queue, Table), on 127.0.0.1 for local runs and tests.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVSTORE_ACCOUNT, DEVSTORE_ACCOUNT_KEY } from '@celery-cloud/azure';
import { onFreeLoopbackPorts, waitForListening } from '../loopbackPort.js';
import { ownChild } from '../ownChild.js';

/** A running Azurite. */
export interface Azurite {
  /** The connection string for its Blob, Queue and Table endpoints. */
  connectionString: string;
  blobEndpoint: string;
  queueEndpoint: string;
  stop(): Promise<void>;
}

/**
 * Start Azurite in memory on free ports of 127.0.0.1, or with `port` on Blob `port`, Queue
 * `port + 1` and Table `port + 2` (with the flags current SDKs need: `--skipApiVersionCheck`,
 * and `--disableTelemetry` so it stops on SIGTERM).
 *
 * @example
 * ```ts
 * const azurite = await startAzurite();
 * const store = createResultStore({ connectionString: azurite.connectionString });
 * await azurite.stop();
 * ```
 */
export async function startAzurite(options: { port?: number } = {}): Promise<Azurite> {
  const { port } = options;
  return port === undefined
    ? onFreeLoopbackPorts(3, ([blob, queue, table]) => launch(blob, queue, table))
    : launch(port, port + 1, port + 2);
}

async function launch(blobPort: number, queuePort: number, tablePort: number): Promise<Azurite> {
  // In memory; its debug log and extent files (none in memory mode) stay out of the working tree.
  const cwd = mkdtempSync(join(tmpdir(), 'azurite-'));
  const bin = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
  const child = spawn(
    process.execPath,
    [
      bin,
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
      ...['--blobHost', '127.0.0.1', '--blobPort', String(blobPort)],
      ...['--queueHost', '127.0.0.1', '--queuePort', String(queuePort)],
      ...['--tableHost', '127.0.0.1', '--tablePort', String(tablePort)],
    ],
    { stdio: 'ignore', cwd },
  );
  const stopChild = ownChild(child);
  const stop = async () => {
    await stopChild();
    rmSync(cwd, { recursive: true, force: true });
  };
  try {
    const wait = { what: 'azurite', deadline: Date.now() + 20_000, pollMs: 50 };
    await Promise.all([blobPort, queuePort].map((port) => waitForListening(port, child, wait)));
  } catch (error) {
    await stop();
    throw error;
  }
  const blobEndpoint = `http://127.0.0.1:${blobPort}/${DEVSTORE_ACCOUNT}`;
  const queueEndpoint = `http://127.0.0.1:${queuePort}/${DEVSTORE_ACCOUNT}`;
  const connectionString = [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEVSTORE_ACCOUNT}`,
    `AccountKey=${DEVSTORE_ACCOUNT_KEY}`,
    `BlobEndpoint=${blobEndpoint}`,
    `QueueEndpoint=${queueEndpoint}`,
    `TableEndpoint=http://127.0.0.1:${tablePort}/${DEVSTORE_ACCOUNT}`,
  ].join(';');
  return { connectionString, blobEndpoint, queueEndpoint, stop };
}
