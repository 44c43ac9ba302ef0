import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { directPutItem } from './directPutItem.js';

interface Sent {
  hostname: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** A client whose HTTP handler (error paths and request shape only) records each request and
 * answers with the next of `answers` (status and JSON body). */
function clientAnswering(answers: Array<[number, unknown]>) {
  const sent: Sent[] = [];
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:8000',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: Sent) => {
        const body = request.body;
        // The SDK's body is a Uint8Array whose string methods it warns against: read its bytes.
        sent.push({ ...request, body: typeof body === 'string' ? body : new TextDecoder().decode(body) });
        const [statusCode, json] = answers.shift() ?? [500, {}];
        return {
          response: {
            statusCode,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify(json))]),
          },
        };
      },
    },
  });
  return { client, sent };
}

const input = {
  TableName: 'celery',
  Item: { id: { S: "b'celery-task-meta-1'" }, result: { B: Buffer.from('{"status": "SUCCESS"}') } },
  ConditionExpression: 'attribute_not_exists(#result) OR NOT begins_with(#result, :prefix)',
  ExpressionAttributeNames: { '#result': 'result' },
  ExpressionAttributeValues: { ':prefix': { B: Buffer.from('{"status": "SUCCESS"') } },
};
const conditionFailed: [number, unknown] = [
  400,
  { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'failed' },
];

describe('PutItem without the SDK middleware', () => {
  it('sends one signed JSON POST to the client endpoint, binary values in base64, and says stored', async () => {
    const { client, sent } = clientAnswering([[200, {}]]);
    await expect(directPutItem(client)(input)).resolves.toBe(true);
    expect(sent).toHaveLength(1);
    const [request] = sent as [Sent];
    expect(request).toMatchObject({ hostname: '127.0.0.1', port: 8000, path: '/' });
    expect(request.headers).toMatchObject({
      host: '127.0.0.1:8000',
      'x-amz-target': 'DynamoDB_20120810.PutItem',
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-security-token': 'token',
    });
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(String(request.body))).toEqual({
      ...input,
      Item: { id: { S: "b'celery-task-meta-1'" }, result: { B: 'eyJzdGF0dXMiOiAiU1VDQ0VTUyJ9' } },
      ExpressionAttributeValues: { ':prefix': { B: 'eyJzdGF0dXMiOiAiU1VDQ0VTUyI=' } },
    });
  });

  it('says not stored when the condition failed, without asking again', async () => {
    const { client, sent } = clientAnswering([conditionFailed]);
    await expect(directPutItem(client)(input)).resolves.toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('hands any other answer to the SDK send, which stores it on its own request', async () => {
    const { client, sent } = clientAnswering([
      [500, { __type: 'InternalServerError' }],
      [200, {}],
    ]);
    await expect(directPutItem(client)(input)).resolves.toBe(true);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.headers['x-amz-user-agent'] ?? sent[1]?.headers['user-agent']).toMatch(/aws-sdk-js/);
  });

  it('throws the SDK typed error when the SDK send fails too', async () => {
    const { client } = clientAnswering([
      [
        400,
        { __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'Item size has exceeded' },
      ],
      [
        400,
        { __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'Item size has exceeded' },
      ],
    ]);
    await expect(directPutItem(client)(input)).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('answers a condition the SDK send reports failed as not stored', async () => {
    const { client, sent } = clientAnswering([[503, {}], conditionFailed]);
    await expect(directPutItem(client)(input)).resolves.toBe(false);
    expect(sent).toHaveLength(2);
  });

  it('leaves a client with middleware of its own to the SDK send, so that middleware sees every call', async () => {
    const { client, sent } = clientAnswering([[200, {}]]);
    const seen: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        seen.push('put');
        return next(args);
      },
      { step: 'build', name: 'tracing' },
    );
    await expect(directPutItem(client)(input)).resolves.toBe(true);
    expect(seen).toEqual(['put']);
    expect(sent).toHaveLength(1);
  });

  it('goes through the SDK send for good once a direct signature is refused', async () => {
    const refused: [number, unknown] = [
      400,
      { __type: 'com.amazon.coral.service#InvalidSignatureException', message: 'signature does not match' },
    ];
    const { client, sent } = clientAnswering([refused, [200, {}], [200, {}]]);
    const put = directPutItem(client);
    await expect(put(input)).resolves.toBe(true);
    await expect(put(input)).resolves.toBe(true);
    expect(sent).toHaveLength(3);
    expect(sent[2]?.headers['x-amz-user-agent'] ?? sent[2]?.headers['user-agent']).toMatch(/aws-sdk-js/);
  });
});
