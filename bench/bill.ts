/**
 * Figure 9: what one million trivial tasks cost on Lambda (arm64), from the handler's measured
 * duration per invocation (in process, against the local AWS stack, each invocation rounded up to
 * Lambda's 1 ms billing increment), the SQS and DynamoDB requests per task, and AWS's list prices.
 * The comparator is the Python celery-cloud package modelled the same way: its batch runs one task
 * after another with three store calls each (put, get, update), timed against the same emulator;
 * its own Python decoding and task time are left out, which favours it.
 */
import { createRequire } from 'node:module';
import { handlerFromEnv } from '../packages/aws/src/index.js';
import { TaskRegistry, defineTask, encodeTaskMessage, wrapForTransport } from '../packages/core/src/index.js';
import { startLocalAwsStack } from '../packages/local/src/aws/index.js';

/**
 * AWS's published us-east-1 list prices, as of 2025-11, checked again on 2026-11-28 against public
 * pages that quote them (the DynamoDB on-demand prices are those after AWS halved them in November
 * 2024); the AWS pricing pages themselves (https://aws.amazon.com/lambda/pricing/, /sqs/pricing/,
 * /dynamodb/pricing/on-demand/) were not fetched.
 */
export const PRICES = {
  asOf: '2025-11, checked 2026-11-28',
  /** Lambda, Arm: USD per GB-second (first tier). */
  lambdaArmGbSecond: 0.0000133334,
  /** Lambda: USD per request. */
  lambdaRequest: 0.2 / 1e6,
  /** SQS standard queue: USD per request (64 KB chunk), past the free tier. */
  sqsRequest: 0.4 / 1e6,
  /** DynamoDB on-demand: USD per write request unit. */
  dynamoWrite: 0.625 / 1e6,
  /** DynamoDB on-demand: USD per read request unit (a strongly consistent read up to 4 KB). */
  dynamoRead: 0.125 / 1e6,
} as const;

const { PutItemCommand, GetItemCommand, UpdateItemCommand } = createRequire(
  new URL('../packages/aws/package.json', import.meta.url),
)('@aws-sdk/client-dynamodb') as Record<
  'PutItemCommand' | 'GetItemCommand' | 'UpdateItemCommand',
  new (
    input: unknown,
  ) => never
>;

/** What one million tasks use, priced by {@link costPerMillion} and {@link controlledCostPerMillion}. */
export interface TaskUsage {
  batchSize: number;
  billedMsPerInvocation: number;
  memoryMb: number;
  sqsRequestsPerTask: number;
  writesPerTask: number;
  readsPerTask: number;
}

/**
 * USD for one million tasks of what the worker decides: Lambda compute (its billed duration) and
 * the result store's writes and reads. The SQS requests and Lambda's request charge are the same
 * for any worker behind the same queue and batch size, and are left out.
 */
export function controlledCostPerMillion(options: TaskUsage): number {
  const invocations = 1e6 / options.batchSize;
  const gbSeconds = (invocations * options.billedMsPerInvocation * options.memoryMb) / 1024 / 1000;
  return (
    gbSeconds * PRICES.lambdaArmGbSecond +
    1e6 * options.writesPerTask * PRICES.dynamoWrite +
    1e6 * options.readsPerTask * PRICES.dynamoRead
  );
}

/** USD for one million tasks: {@link controlledCostPerMillion} plus the SQS and Lambda request charges. */
export function costPerMillion(options: TaskUsage): number {
  return (
    controlledCostPerMillion(options) +
    (1e6 / options.batchSize) * PRICES.lambdaRequest +
    1e6 * options.sqsRequestsPerTask * PRICES.sqsRequest
  );
}

/**
 * SQS requests per task with the Lambda event source mapping in full batches: the client's send,
 * the mapping's share of one receive and one batch delete.
 */
export const sqsRequestsPerTask = (batchSize: number) => 1 + 2 / batchSize;

/** Billed milliseconds (median of `runs` medians) per invocation of ours and of the model. */
export interface BilledDurations {
  ours: { batch10: number[]; single: number[] };
  python: { batch10: number[]; single: number[] };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * Measure billed durations: `invocations` per run, `runs` runs, after a warm-up.
 *
 * @example
 * ```ts
 * const d = await measureBilledDurations({ runs: 5, invocations: 20 });
 * ```
 */
export async function measureBilledDurations(options: {
  runs: number;
  invocations: number;
}): Promise<BilledDurations> {
  const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));
  const stack = await startLocalAwsStack();
  try {
    const handler = handlerFromEnv(stack.env, { tasks });
    let n = 0;
    const record = () => {
      n += 1;
      return {
        messageId: `m${n}`,
        receiptHandle: `r${n}`,
        body: wrapForTransport(
          encodeTaskMessage({ id: `bill-${n}`, task: 'proj.add', args: [n, 1], kwargs: {} }),
          'sqs',
        ),
        attributes: { ApproximateReceiveCount: '1' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${stack.queue}`,
        awsRegion: 'us-east-1',
      };
    };
    const context = { getRemainingTimeInMillis: () => 30_000 };
    const invoke = async (size: number) => {
      const event = { Records: Array.from({ length: size }, record) };
      const started = performance.now();
      await handler(event as never, context as never);
      return Math.ceil(performance.now() - started);
    };
    // The Python package's store calls for one task: put (STARTED), get, update (SUCCESS).
    const pythonTask = async () => {
      n += 1;
      const id = { S: `celery-task-meta-py-${n}` };
      const table = stack.table;
      await stack.dynamo.send(
        new PutItemCommand({ TableName: table, Item: { id, result: { B: Buffer.from('{}') } } }),
      );
      await stack.dynamo.send(new GetItemCommand({ TableName: table, Key: { id }, ConsistentRead: true }));
      await stack.dynamo.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id },
          UpdateExpression: 'SET #r = :r',
          ExpressionAttributeNames: { '#r': 'result' },
          ExpressionAttributeValues: { ':r': { B: Buffer.from('{"status": "SUCCESS"}') } },
        }),
      );
    };
    const pythonBatch = async (size: number) => {
      const started = performance.now();
      for (let i = 0; i < size; i++) await pythonTask();
      return Math.ceil(performance.now() - started);
    };
    for (let i = 0; i < 20; i++) {
      await invoke(10);
      await pythonBatch(10);
    }
    const out: BilledDurations = { ours: { batch10: [], single: [] }, python: { batch10: [], single: [] } };
    for (let run = 0; run < options.runs; run++) {
      const o10: number[] = [];
      const o1: number[] = [];
      const p10: number[] = [];
      const p1: number[] = [];
      for (let i = 0; i < options.invocations; i++) {
        o10.push(await invoke(10));
        p10.push(await pythonBatch(10));
        o1.push(await invoke(1));
        p1.push(await pythonBatch(1));
      }
      out.ours.batch10.push(median(o10));
      out.ours.single.push(median(o1));
      out.python.batch10.push(median(p10));
      out.python.single.push(median(p1));
    }
    return out;
  } finally {
    await stack.stop();
  }
}
