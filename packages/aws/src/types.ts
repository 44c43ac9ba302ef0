import type { Trigger } from '@celery-cloud/core';
/**
 * The Lambda shapes the adapter translates, declared here (structurally) so no `@types/aws-lambda`
 * is needed; field names are AWS's own.
 */

/** One SQS record of a Lambda event. */
export interface SQSRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string | undefined> & {
    ApproximateReceiveCount?: string;
    MessageGroupId?: string;
  };
  messageAttributes: Record<string, unknown>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

/** The event Lambda's SQS event source mapping delivers. */
export interface SQSEvent {
  Records: SQSRecord[];
}

/** The partial-batch answer (`ReportBatchItemFailures`): the messages to redeliver. */
export interface SQSBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** The part of Lambda's context object the handler uses. */
export interface LambdaContextLike {
  functionName?: string;
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

/** An SQS-triggered Lambda handler. */
export type SqsHandler = Trigger<[event: SQSEvent, context?: LambdaContextLike], SQSBatchResponse>;
