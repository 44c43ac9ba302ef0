import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startRecordingServer } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { SigV4Signer } from '../src/signV4.js';

const credentials = {
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjE//session=token',
};

/**
 * The SDK's `authorization` for the one request `send` makes to a loopback server, and ours for
 * the same request (its signed headers, path, body and time).
 */
async function sdkAndOurSignature(
  service: string,
  send: (endpoint: string) => Promise<unknown>,
): Promise<{ sdk: string; ours: string | undefined; signed: string[] }> {
  const server = await startRecordingServer((_request, res) => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
  });
  try {
    await send(server.url);
    const [sent] = server.requests;
    if (!sent) throw new Error('the SDK sent nothing');
    const sdk = String(sent.headers.authorization);
    const signed = /SignedHeaders=([^,]+)/.exec(sdk)?.[1]?.split(';') ?? [];
    const own = ['host', 'x-amz-date', 'x-amz-security-token'];
    const headers = Object.fromEntries(
      signed.filter((name) => !own.includes(name)).map((name) => [name, String(sent.headers[name])]),
    );
    const at = String(sent.headers['x-amz-date']).replace(
      /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
      '$1-$2-$3T$4:$5:$6Z',
    );
    const ours = new SigV4Signer('eu-west-1', service).sign(
      { method: 'POST', host: String(sent.headers.host), path: sent.path, headers, body: sent.body },
      credentials,
      new Date(at),
    );
    return { sdk, ours: ours.authorization, signed };
  } finally {
    await server.stop();
  }
}

// The SDK signs a real request sent to a loopback server; our signer, given the same request, must
// produce the same signature (a POST with a JSON body and temporary credentials, as the direct
// calls send).
describe('our SigV4 signature', () => {
  it('is the one the AWS SDK computes for the same DynamoDB PutItem', async () => {
    const { sdk, ours, signed } = await sdkAndOurSignature('dynamodb', (endpoint) =>
      new DynamoDBClient({ region: 'eu-west-1', endpoint, credentials }).send(
        new PutItemCommand({
          TableName: 'celery',
          Item: { id: { S: "b'celery-task-meta-1'" }, result: { B: Buffer.from('{"status": "SUCCESS"}') } },
        }),
      ),
    );
    expect(signed).toContain('x-amz-security-token');
    expect(ours).toBe(sdk);
  });

  it('is the one the AWS SDK computes for the same SQS ReceiveMessage', async () => {
    const { sdk, ours, signed } = await sdkAndOurSignature('sqs', (endpoint) =>
      new SQSClient({ region: 'eu-west-1', endpoint, credentials }).send(
        new ReceiveMessageCommand({
          QueueUrl: `${endpoint}/000000000000/celery`,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 20,
          AttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      ),
    );
    expect(signed).toEqual(
      expect.arrayContaining(['x-amz-security-token', 'x-amz-target', 'x-amzn-query-mode']),
    );
    expect(ours).toBe(sdk);
  });
});
