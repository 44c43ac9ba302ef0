import type { SQSClient } from '@aws-sdk/client-sqs';
import { handlerFromEnv } from '@celery-cloud/aws';
import type { TaskEventListener, TaskRegistry } from '@celery-cloud/core';
import { type EventSourceMappingOptions, startEventSourceMapping } from '@celery-cloud/local/aws';
import type { ProgressPrinter } from './ProgressPrinter.js';
import { progressLogger } from './progressLogger.js';

/** A running poller. */
export interface QueuePoller {
  /** Stop receiving, wait for the batches in flight to be answered for. */
  stop(): Promise<void>;
}

/** What the poller runs and how it batches. */
export interface QueuePollerOptions {
  /** The handler's environment, as the Lambda app gets it. */
  env: Record<string, string | undefined>;
  tasks: TaskRegistry;
  sqs: SQSClient;
  queueUrl: string;
  batchSize: number;
  batchingWindowMs: number;
  visibilityTimeoutSeconds: number;
  /** Emulated redrive policy; null when the queue has its own (real SQS). */
  deadLetter: { queueUrl: string; maxReceiveCount: number } | null;
  progress: ProgressPrinter;
  /** Task events for the live view (`--ui`). */
  onTaskEvent?: TaskEventListener;
}

/**
 * Build the Lambda app's handler from `env` (the same `handlerFromEnv` code path) and feed it
 * batches from the queue as Lambda's SQS event source mapping does, reporting every task outcome
 * and batch to `progress`.
 *
 * @example
 * ```ts
 * const poller = startQueuePoller({ env, tasks, sqs, queueUrl, batchSize: 10, batchingWindowMs: 0,
 *   visibilityTimeoutSeconds: 30, deadLetter: null, progress });
 * await poller.stop();
 * ```
 */
export function startQueuePoller(options: QueuePollerOptions): QueuePoller {
  const { progress } = options;
  const logger = progressLogger(progress);
  const { onTaskEvent } = options;
  const handler = handlerFromEnv(options.env, {
    tasks: options.tasks,
    logger,
    ...(onTaskEvent ? { onTaskEvent } : {}),
  });
  // Counted as handed over, so a summary printed mid-batch shows the batch in flight.
  const counted: EventSourceMappingOptions['handler'] = (event, context) => {
    progress.received(event.Records.length);
    return handler(event, context);
  };
  return startEventSourceMapping({
    sqs: options.sqs,
    queueUrl: options.queueUrl,
    handler: counted,
    batchSize: options.batchSize,
    maximumBatchingWindowMs: options.batchingWindowMs,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    ...(options.deadLetter === null ? {} : { deadLetter: options.deadLetter }),
    onBatch: (report) => progress.deadLettered(report.deadLettered),
    onError: (error) => progress.note(`error: ${(error as Error).message}`),
  });
}
