import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Create a queue (and, when asked, its dead-letter queue with a redrive policy), as the SAM
 * template does in the cloud. Idempotent.
 *
 * @example
 * ```ts
 * const { queueUrl } = await createQueue(sqs, 'celery', { deadLetter: { queueName: 'celery-dlq', maxReceiveCount: 3 } });
 * ```
 */
export async function createQueue(
  sqs: SQSClient,
  name: string,
  options: {
    visibilityTimeoutSeconds?: number;
    deadLetter?: { queueName: string; maxReceiveCount: number };
  } = {},
): Promise<{ queueUrl: string; deadLetterQueueUrl?: string }> {
  const create = async (QueueName: string, Attributes: Record<string, string>): Promise<string> => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName, Attributes }));
    if (!QueueUrl) throw new Error(`SQS created the queue ${QueueName} but named no URL`);
    return QueueUrl;
  };
  const fifo: Record<string, string> = name.endsWith('.fifo') ? { FifoQueue: 'true' } : {};
  let deadLetterQueueUrl: string | undefined;
  const attributes: Record<string, string> = {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
    ...fifo,
  };
  if (options.deadLetter) {
    deadLetterQueueUrl = await create(options.deadLetter.queueName, fifo);
    const arn = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
    );
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: arn.Attributes?.QueueArn,
      maxReceiveCount: options.deadLetter.maxReceiveCount,
    });
  }
  const queueUrl = await create(name, attributes);
  return { queueUrl, ...(deadLetterQueueUrl ? { deadLetterQueueUrl } : {}) };
}
