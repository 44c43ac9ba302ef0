import {
  ReceiveMessageCommand,
  SQSClient,
  type SQSClientConfig,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { type LocalService, createQueue, startSqsEmulator } from '@celery-cloud/local/aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directSqsCalls } from '../src/directSqsCalls.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Whether a request was the SDK's own (it names itself); a direct call does not. */
const fromSdk = (headers: Record<string, string>) => /aws-sdk-js/.test(headers['user-agent'] ?? '');

/**
 * An SQS client on the emulator whose HTTP handler is the SDK's own, wrapped to record the
 * target and origin of each request.
 */
function recordingClient(config: SQSClientConfig) {
  const sent: Array<{ target: string; sdk: boolean }> = [];
  const inner = new SQSClient({ region: 'us-east-1', credentials }).config.requestHandler;
  const client = new SQSClient({
    region: 'us-east-1',
    credentials,
    ...config,
    requestHandler: {
      handle: (request: { headers: Record<string, string> }, options?: { abortSignal?: AbortSignal }) => {
        sent.push({ target: request.headers['x-amz-target'] ?? '', sdk: fromSdk(request.headers) });
        return inner.handle(request as never, options);
      },
    },
  });
  return { client, sent };
}

describe('the poller SQS calls sent direct (local SQS)', () => {
  let emulator: LocalService;
  let sdk: SQSClient;
  let queues = 0;
  const newQueue = async () => {
    queues += 1;
    return (await createQueue(sdk, `direct-${queues}`, { visibilityTimeoutSeconds: 30 })).queueUrl;
  };
  beforeAll(async () => {
    emulator = await startSqsEmulator();
    sdk = new SQSClient({ region: 'us-east-1', endpoint: emulator.endpoint, credentials });
  });
  afterAll(async () => {
    sdk?.destroy();
    await emulator?.stop();
  });

  it('receives a message as the SDK does (body, ids, attributes, binary message attributes), without the SDK', async () => {
    const queueUrl = await newQueue();
    await sdk.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"body": "é"}',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'task' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 254, 255]) },
        },
      }),
    );
    const { client, sent } = recordingClient({ endpoint: emulator.endpoint });
    const calls = directSqsCalls(client, queueUrl);
    const request = {
      MaxNumberOfMessages: 10,
      AttributeNames: ['All' as const],
      MessageAttributeNames: ['All'],
    };
    const [direct] = await calls.receiveMessage({ ...request, VisibilityTimeout: 0 });
    const {
      Messages: [viaSdk] = [],
    } = await sdk.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, ...request }));
    expect(direct).toBeDefined();
    expect(direct?.MessageAttributes?.blob?.BinaryValue).toBeInstanceOf(Uint8Array);
    // Each receive has its own receipt handle and receive count.
    const { Attributes: directAttributes, ReceiptHandle: directHandle, ...directRest } = direct ?? {};
    const { Attributes: sdkAttributes, ReceiptHandle: sdkHandle, ...sdkRest } = viaSdk ?? {};
    expect([typeof directHandle, typeof sdkHandle]).toEqual(['string', 'string']);
    expect(directRest).toEqual(sdkRest);
    expect(Object.keys(directAttributes ?? {}).sort()).toEqual(Object.keys(sdkAttributes ?? {}).sort());
    expect(directAttributes?.ApproximateReceiveCount).toBe('1');
    expect(sent).toEqual([{ target: 'AmazonSQS.ReceiveMessage', sdk: false }]);
  });

  it('answers an empty receive with no messages', async () => {
    const { client } = recordingClient({ endpoint: emulator.endpoint });
    await expect(
      directSqsCalls(client, await newQueue()).receiveMessage({ WaitTimeSeconds: 0 }),
    ).resolves.toEqual([]);
  });

  it('deletes a batch and names the entries SQS refused', async () => {
    const queueUrl = await newQueue();
    await sdk.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'one' }));
    const { client, sent } = recordingClient({ endpoint: emulator.endpoint });
    const calls = directSqsCalls(client, queueUrl);
    const [message] = await calls.receiveMessage({ MaxNumberOfMessages: 1 });
    const answer = await calls.deleteMessageBatch([
      { Id: '0', ReceiptHandle: message?.ReceiptHandle ?? '' },
      { Id: '1', ReceiptHandle: 'not-a-receipt-handle' },
    ]);
    expect(answer.Successful?.map((s) => s.Id)).toEqual(['0']);
    expect(answer.Failed?.map((f) => [f.Id, f.Code])).toEqual([['1', 'ReceiptHandleIsInvalid']]);
    await expect(calls.receiveMessage({ WaitTimeSeconds: 0 })).resolves.toEqual([]);
    expect(sent.every((s) => !s.sdk)).toBe(true);
  });

  it('makes a received message visible again with ChangeMessageVisibility', async () => {
    const queueUrl = await newQueue();
    await sdk.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'again' }));
    const { client, sent } = recordingClient({ endpoint: emulator.endpoint });
    const calls = directSqsCalls(client, queueUrl);
    const [first] = await calls.receiveMessage({});
    await calls.changeMessageVisibility(first?.ReceiptHandle ?? '', 0);
    const [again] = await calls.receiveMessage({});
    expect(again?.MessageId).toBe(first?.MessageId);
    expect(sent.map((s) => s.target)).toEqual([
      'AmazonSQS.ReceiveMessage',
      'AmazonSQS.ChangeMessageVisibility',
      'AmazonSQS.ReceiveMessage',
    ]);
    expect(sent.every((s) => !s.sdk)).toBe(true);
  });

  it('hands a call SQS refuses to the SDK, whose typed error it throws (a queue that does not exist)', async () => {
    const { client, sent } = recordingClient({ endpoint: emulator.endpoint, maxAttempts: 1 });
    const calls = directSqsCalls(client, `${emulator.endpoint}/000000000000/no-such-queue`);
    await expect(calls.receiveMessage({})).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    expect(sent).toEqual([
      { target: 'AmazonSQS.ReceiveMessage', sdk: false },
      { target: 'AmazonSQS.ReceiveMessage', sdk: true },
    ]);
  });

  it("leaves the calls to the SDK where it would send them to the queue URL's host rather than the client's", async () => {
    const queueUrl = await newQueue();
    await sdk.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'elsewhere' }));
    // No endpoint: the SDK resolves sqs.us-east-1.amazonaws.com and sends to the queue URL's host.
    const { client, sent } = recordingClient({});
    const messages = await directSqsCalls(client, queueUrl).receiveMessage({});
    expect(messages.map((m) => m.Body)).toEqual(['elsewhere']);
    expect(sent).toEqual([{ target: 'AmazonSQS.ReceiveMessage', sdk: true }]);
  });
});
