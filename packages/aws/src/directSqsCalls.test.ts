import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { directSqsCalls } from './directSqsCalls.js';

/** A client whose HTTP handler (error paths only) answers each request with the next of `answers`
 * and records whether the SDK sent it. */
function clientAnswering(answers: unknown[]) {
  const sdkSent: boolean[] = [];
  const client = new SQSClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        sdkSent.push(/aws-sdk-js/.test(request.headers['user-agent'] ?? ''));
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify(answers.shift() ?? {}))]),
          },
        };
      },
    },
  });
  return { client, sdkSent };
}

const message = (md5: string) => ({
  Messages: [{ MessageId: 'm1', ReceiptHandle: 'r1', Body: 'hello', MD5OfBody: md5 }],
});
const md5OfHello = createHash('md5').update('hello').digest('hex');

describe('direct SQS receives', () => {
  it("hands a receive whose body does not match its MD5 to the SDK, as the SDK's own check would refuse it", async () => {
    const { client, sdkSent } = clientAnswering([message('0'.repeat(32)), message(md5OfHello)]);
    const messages = await directSqsCalls(client, 'http://127.0.0.1:4566/000000000000/celery').receiveMessage(
      {},
    );
    expect(messages.map((m) => m.Body)).toEqual(['hello']);
    expect(sdkSent).toEqual([false, true]);
  });

  it('reads a body matching its MD5 from the direct call alone', async () => {
    const { client, sdkSent } = clientAnswering([message(md5OfHello)]);
    const messages = await directSqsCalls(client, 'http://127.0.0.1:4566/000000000000/celery').receiveMessage(
      {},
    );
    expect(messages.map((m) => m.MessageId)).toEqual(['m1']);
    expect(sdkSent).toEqual([false]);
  });
});
