/**
 * The Lambda SQS event as the stand-in event source mapping delivers it, declared structurally
 * (field names are AWS's own) so it needs no Lambda type package: any handler written for
 * Lambda's SQS event accepts it.
 */

/** One delivered SQS record. */
export interface LocalSqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string | undefined>;
  messageAttributes: Record<string, unknown>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

/** A Lambda handler for SQS events, as the mapping calls it. */
export type LocalSqsHandler = (
  event: { Records: LocalSqsRecord[] },
  context: { functionName: string; getRemainingTimeInMillis: () => number },
) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> } | undefined>;
