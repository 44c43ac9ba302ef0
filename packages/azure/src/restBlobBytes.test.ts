import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobRequestFailed } from './blobRequestFailed.js';
import { restBlobBytes } from './restBlobBytes.js';

/** A Blob endpoint on 127.0.0.1 that answers each request with the next status of `statuses`. */
async function serviceAnswering(
  statuses: number[],
): Promise<{ server: Server; endpoint: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization?.split(':')[0]}`);
    const status = statuses[Math.min(requests.length - 1, statuses.length - 1)] ?? 500;
    req.resume();
    req.on('end', () => {
      res.writeHead(
        status,
        status >= 400 ? { 'x-ms-error-code': status === 503 ? 'ServerBusy' : 'InternalError' } : {},
      );
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${port}/acct`, requests };
}

describe('restBlobBytes against a busy service', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const bytesAt = (endpoint: string) =>
    restBlobBytes({ endpoint, name: 'acct', auth: { key: Buffer.from('key') } }, 'celery');

  it('sends a request again, signed, after 503 Server Busy, and takes the answer that follows', async () => {
    const service = await serviceAnswering([503, 503, 201]);
    server = service.server;
    expect(await bytesAt(service.endpoint).upload('b', 'x', { ifNoneMatch: '*' })).toBe(true);
    expect(service.requests).toEqual(Array(3).fill('PUT /acct/celery/b SharedKey acct'));
  });

  it('gives up after three attempts with BlobRequestFailed naming the status and the error code', async () => {
    const service = await serviceAnswering([503]);
    server = service.server;
    const error = await bytesAt(service.endpoint)
      .read('b')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobRequestFailed);
    expect(error).toMatchObject({
      status: 503,
      errorCode: 'ServerBusy',
      message: 'Get Blob celery/b: HTTP 503 ServerBusy',
    });
    expect(service.requests).toHaveLength(3);
  });

  it('does not send again after a 500, which the service may have acted on', async () => {
    const service = await serviceAnswering([500, 201]);
    server = service.server;
    await expect(bytesAt(service.endpoint).upload('b', 'x', { ifMatch: '"v1"' })).rejects.toMatchObject({
      status: 500,
      errorCode: 'InternalError',
    });
    expect(service.requests).toHaveLength(1);
  });
});
