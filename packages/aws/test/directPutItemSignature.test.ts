import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startRecordingServer } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { SigV4Signer } from '../src/signV4.js';

// The SDK signs a real PutItem sent to a loopback server; our signer, given the same request, must
// produce the same signature (a POST with a JSON body and temporary credentials, as stores send).
describe('our SigV4 signature of a DynamoDB request', () => {
  it('is the one the AWS SDK computes for the same request', async () => {
    const server = await startRecordingServer((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
    });
    try {
      const credentials = {
        accessKeyId: 'ASIAEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        sessionToken: 'IQoJb3JpZ2luX2VjE//session=token',
      };
      const client = new DynamoDBClient({ region: 'eu-west-1', endpoint: server.url, credentials });
      await client.send(
        new PutItemCommand({
          TableName: 'celery',
          Item: { id: { S: "b'celery-task-meta-1'" }, result: { B: Buffer.from('{"status": "SUCCESS"}') } },
        }),
      );
      const [sent] = server.requests;
      if (!sent) throw new Error('the SDK sent nothing');
      const authorization = String(sent.headers.authorization);
      const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
      const own = ['host', 'x-amz-date', 'x-amz-security-token'];
      const headers = Object.fromEntries(
        signed.filter((name) => !own.includes(name)).map((name) => [name, String(sent.headers[name])]),
      );
      const at = String(sent.headers['x-amz-date']).replace(
        /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
        '$1-$2-$3T$4:$5:$6Z',
      );
      const ours = new SigV4Signer('eu-west-1', 'dynamodb').sign(
        { method: 'POST', host: String(sent.headers.host), path: sent.path, headers, body: sent.body },
        credentials,
        new Date(at),
      );
      expect(signed).toContain('x-amz-security-token');
      expect(ours.authorization).toBe(authorization);
    } finally {
      await server.stop();
    }
  });
});
