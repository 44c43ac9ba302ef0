/**
 * Figure 4: result-store requests per task, counted at the DynamoDB emulator through a proxy.
 */
import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createResultStore } from '../packages/aws/src/index.js';
import { encodeTaskMessage, wrapForTransport } from '../packages/core/src/index.js';
import { TaskRegistry, createRunner, defineTask } from '../packages/core/src/index.js';
import { startLocalAwsStack } from '../packages/local/src/aws/index.js';

/** Requests per task by DynamoDB operation. */
export interface StoreTrips {
  plain: { writes: number; reads: number };
  trackStarted: { writes: number; reads: number };
}

async function countingProxy(target: string) {
  const counts = new Map<string, number>();
  const { hostname, port } = new URL(target);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const op =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    counts.set(op, (counts.get(op) ?? 0) + 1);
    const upstream = request(
      { hostname, port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Run `tasks` trivial tasks through the runner on the DynamoDB emulator, without and with
 * STARTED tracking, and count the store's requests per task.
 *
 * @example
 * ```ts
 * const trips = await benchStoreTrips({ tasks: 100 });
 * ```
 */
export async function benchStoreTrips(options: { tasks: number }): Promise<StoreTrips> {
  const stack = await startLocalAwsStack();
  const proxy = await countingProxy(stack.dynamodbEndpoint);
  try {
    const tasks = new TaskRegistry().register(defineTask('bench.noop', (_ctx, x: number) => x));
    const measure = async (trackStarted: boolean) => {
      proxy.counts.clear();
      const backend = createResultStore({
        url: `dynamodb://test:test@localhost:${new URL(proxy.endpoint).port}/${stack.table}`,
      });
      const runner = createRunner({ backend, tasks, trackStarted, logger: { log: () => {} } });
      for (let i = 0; i < options.tasks; i += 10) {
        await runner.runBatch(
          Array.from({ length: 10 }, (_, j) => ({
            messageId: `m${i + j}`,
            transport: 'sqs' as const,
            payload: wrapForTransport(
              encodeTaskMessage({
                id: `trip-${trackStarted}-${i + j}`,
                task: 'bench.noop',
                args: [i],
                kwargs: {},
              }),
              'sqs',
            ),
          })),
        );
      }
      const per = (op: string) => (proxy.counts.get(op) ?? 0) / options.tasks;
      return { writes: per('PutItem') + per('UpdateItem'), reads: per('GetItem') };
    };
    return { plain: await measure(false), trackStarted: await measure(true) };
  } finally {
    await proxy.stop();
    await stack.stop();
  }
}
