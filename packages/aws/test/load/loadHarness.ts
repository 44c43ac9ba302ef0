import { createHash } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import {
  type Publisher,
  type ResultStore,
  TaskRegistry,
  createRunner,
  decodeMessage,
  defineTask,
  encodeTaskMessage,
  wrapForTransport,
} from '@celery-cloud/core';
import {
  type LocalAwsStackWithConfig,
  startEventSourceMapping,
  startLocalAwsStack,
} from '@celery-cloud/local/aws';
/**
 * The load test: many tasks through the local AWS stack (SQS emulator → event source mapping →
 * the Lambda handler → DynamoDB emulator) with faults injected into a fixed share of them, then
 * an account of every task: completed, retried, dead-lettered, lost, run again after SUCCESS.
 */
import { must } from '@celery-cloud/testkit';
import { createPublisher, createResultStore, createTrigger } from '../../src/index.js';

/** The faults, each given to `faultRate / 4` of the tasks. */
export type FaultKind = 'retry' | 'store-fails-once' | 'crash-after-batch' | 'poison';

/** What the run came to. */
export interface LoadReport {
  sent: number;
  faulty: Record<FaultKind, number>;
  /** Tasks with a final state stored (SUCCESS or FAILURE). */
  completed: number;
  /** Tasks that asked for a retry and later succeeded. */
  retried: number;
  /** Messages in the dead-letter queue: the poison ones, with their FAILURE stored. */
  deadLettered: number;
  /** Of those, messages that had completed but were delivered more than `maxReceiveCount` times
   * (their batch crashed again and again); each has its final state stored. */
  deadLetteredAfterCompleting: number;
  /** Dead-lettered messages that are neither: must be 0. */
  deadLetteredUnaccounted: number;
  /** Tasks with no final state, not on the queue and not dead-lettered: must be 0. */
  lost: number;
  /** Tasks run again after their SUCCESS was stored: must be 0. */
  ranAfterSuccess: number;
  /** Tasks run more than once for any reason (retries, redelivery before the store succeeded). */
  ranMoreThanOnce: number;
  seconds: number;
}

function faultOf(id: string, rate: number): FaultKind | null {
  const x = createHash('sha1').update(id).digest().readUInt32BE(0) / 2 ** 32;
  if (x >= rate) return null;
  const kinds: FaultKind[] = ['retry', 'store-fails-once', 'crash-after-batch', 'poison'];
  return must(kinds[Math.floor((x / rate) * kinds.length)]);
}

async function queueDepth(stack: LocalAwsStackWithConfig, queueUrl: string): Promise<number> {
  const r = await stack.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  return (
    Number(r.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(r.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(r.Attributes?.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

/** Receive every message left on a queue; their task ids. */
async function drainIds(stack: LocalAwsStackWithConfig, queueUrl: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const r = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    if (!r.Messages?.length) return ids;
    ids.push(...r.Messages.map((m) => decodeMessage('sqs', m.Body ?? '').id));
  }
}

/**
 * Send `tasks` messages, run them with faults in `faultRate` of them, wait until the queue is
 * empty (or `timeoutMs` passes), and account for every task.
 *
 * @example
 * ```ts
 * const report = await runLoad({ tasks: 500, faultRate: 0.05 });
 * report.lost; // 0
 * ```
 */
export async function runLoad(options: {
  tasks: number;
  faultRate: number;
  timeoutMs?: number;
}): Promise<LoadReport> {
  const maxReceiveCount = 3;
  const stack = await startLocalAwsStack({ maxReceiveCount, visibilityTimeoutSeconds: 2 });
  const ids = Array.from({ length: options.tasks }, (_, i) => `load-${i}`);
  const fault = new Map(ids.map((id) => [id, faultOf(id, options.faultRate)]));
  const runs = new Map<string, number>();
  const succeeded = new Set<string>();
  let ranAfterSuccess = 0;
  const storeFailed = new Set<string>();

  const store = createResultStore({ client: stack.dynamo, table: stack.table });
  const backend: ResultStore = {
    ...store,
    async set(meta) {
      const kind = fault.get(meta.task_id);
      if (kind === 'poison' || (kind === 'store-fails-once' && !storeFailed.has(meta.task_id))) {
        storeFailed.add(meta.task_id);
        if (kind === 'store-fails-once' || meta.status !== 'FAILURE')
          throw new Error('injected store failure');
      }
      const stored = await store.set(meta);
      if (meta.status === 'SUCCESS') succeeded.add(meta.task_id);
      return stored;
    },
  };
  const sqsPublisher = createPublisher({ client: stack.sqs, queueUrl: stack.queueUrl });
  const publisher: Publisher = {
    maxDelaySeconds: sqsPublisher.maxDelaySeconds,
    publish: (e, o) => sqsPublisher.publish(e, o),
  };
  const tasks = new TaskRegistry().register(
    defineTask('load.work', (ctx, n: number) => {
      runs.set(ctx.id, (runs.get(ctx.id) ?? 0) + 1);
      if (succeeded.has(ctx.id)) ranAfterSuccess += 1;
      if (fault.get(ctx.id) === 'retry' && ctx.retries === 0) ctx.retry({ countdown: 1 });
      return n * 2;
    }),
  );
  const runner = createRunner({
    backend,
    publisher,
    tasks,
    maxReceiveCount,
    logger: { log: () => {} },
    concurrency: 10,
  });
  const trigger = createTrigger({ runner });
  const idOf = new Map<string, string>();
  const crashed = new Set<string>();
  const mapping = startEventSourceMapping({
    sqs: stack.sqs,
    queueUrl: stack.queueUrl,
    visibilityTimeoutSeconds: 2,
    deadLetter: { queueUrl: must(stack.deadLetterQueueUrl), maxReceiveCount },
    handler: async (event, context) => {
      const response = await trigger(event, context);
      // A function that dies after its work, before answering: the whole batch comes back.
      const crash = event.Records.find((r) => {
        const id = r.messageId;
        return fault.get(idOf.get(id) ?? '') === 'crash-after-batch' && !crashed.has(id) && crashed.add(id);
      });
      if (crash) throw new Error('injected crash after the batch ran');
      return response;
    },
  });
  const started = performance.now();
  try {
    for (let i = 0; i < ids.length; i += 10) {
      const chunk = ids.slice(i, i + 10);
      const r = await stack.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: stack.queueUrl,
          Entries: chunk.map((id, j) => ({
            Id: String(j),
            MessageBody: wrapForTransport(
              encodeTaskMessage({ id, task: 'load.work', args: [i + j], kwargs: {} }),
              'sqs',
            ),
          })),
        }),
      );
      for (const ok of r.Successful ?? []) idOf.set(must(ok.MessageId), must(chunk[Number(ok.Id)]));
    }
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    while (Date.now() < deadline && (await queueDepth(stack, stack.queueUrl)) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    await mapping.stop();
    const metas = await Promise.all(ids.map((id) => store.get(id)));
    const final = (s: string | undefined) => s === 'SUCCESS' || s === 'FAILURE';
    const deadIds = await drainIds(stack, must(stack.deadLetterQueueUrl));
    const stillQueued = await queueDepth(stack, stack.queueUrl);
    const faulty = { retry: 0, 'store-fails-once': 0, 'crash-after-batch': 0, poison: 0 };
    for (const kind of fault.values()) if (kind) faulty[kind] += 1;
    const completed = metas.filter((m) => final(m?.status)).length;
    return {
      sent: ids.length,
      faulty,
      completed,
      retried: ids.filter((id, i) => fault.get(id) === 'retry' && metas[i]?.status === 'SUCCESS').length,
      deadLettered: deadIds.filter((id) => fault.get(id) === 'poison').length,
      deadLetteredAfterCompleting: deadIds.filter(
        (id) => fault.get(id) !== 'poison' && final(metas[ids.indexOf(id)]?.status),
      ).length,
      deadLetteredUnaccounted: deadIds.filter(
        (id) => fault.get(id) !== 'poison' && !final(metas[ids.indexOf(id)]?.status),
      ).length,
      lost: Math.max(0, ids.length - completed - stillQueued),
      ranAfterSuccess,
      ranMoreThanOnce: [...runs.values()].filter((n) => n > 1).length,
      seconds,
    };
  } finally {
    await mapping.stop();
    await stack.stop();
  }
}
