import type { ServerResponse } from 'node:http';
import { type RecordedRequest, type RecordingServer, startRecordingServer } from '@celery-cloud/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { restFirestoreDocuments } from './restFirestoreDocuments.js';

const DOCS = '/v1/projects/proj-from-metadata/databases/(default)/documents';
const NAME = 'projects/proj-from-metadata/databases/(default)/documents/celery';

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const refuse = (res: ServerResponse, http: number, status: string) =>
  json(res, http, { error: { code: http, message: status, status } });

describe('Firestore documents over REST (a loopback server standing in for Firestore)', () => {
  let server: RecordingServer | undefined;
  afterEach(() => server?.stop());

  /** The client, against a server answering each request with `answer`; the project is looked up. */
  const client = async (answer: (request: RecordedRequest, res: ServerResponse) => void) => {
    server = await startRecordingServer(answer);
    let lookups = 0;
    const docs = restFirestoreDocuments({
      baseUrl: `${server.url}/v1`,
      token: async () => 'token-1',
      timeoutMs: 5000,
      projectId: async () => {
        lookups += 1;
        return 'proj-from-metadata';
      },
      collection: 'celery',
    });
    return { docs, lookups: () => lookups };
  };
  const body = (i: number) => JSON.parse(server?.requests[i]?.body ?? 'null');

  it('reads one field of a document, with the token, the project looked up once', async () => {
    const { docs, lookups } = await client((request, res) =>
      request.path.includes('absent')
        ? refuse(res, 404, 'NOT_FOUND')
        : json(res, 200, { fields: { result: { stringValue: '{"status": "SUCCESS"}' } } }),
    );
    expect(await docs.read('celery-task-meta-t1', 'result')).toBe('{"status": "SUCCESS"}');
    expect(await docs.read('absent', 'result')).toBeUndefined();
    expect(server?.requests[0]).toMatchObject({
      path: `${DOCS}/celery/celery-task-meta-t1?mask.fieldPaths=result`,
      headers: { authorization: 'Bearer token-1' },
    });
    expect(lookups()).toBe(1);
  });

  it('replaces a document with typed fields: text, timestamps and null', async () => {
    const { docs } = await client((_r, res) => json(res, 200, { writeResults: [{}] }));
    await docs.set('celery-task-meta-t1', {
      result: '{}',
      date_done: null,
      expires_at: new Date('2026-11-25T12:00:00.250Z'),
    });
    expect(server?.requests[0]?.path).toBe(`${DOCS}:commit`);
    expect(body(0)).toEqual({
      writes: [
        {
          update: {
            name: `${NAME}/celery-task-meta-t1`,
            fields: {
              result: { stringValue: '{}' },
              date_done: { nullValue: null },
              expires_at: { timestampValue: '2026-11-25T12:00:00.250Z' },
            },
          },
        },
      ],
    });
  });

  it('creates only an absent document, and says false when it exists', async () => {
    const { docs } = await client((_r, res) => refuse(res, 409, 'ALREADY_EXISTS'));
    expect(await docs.create('celery-task-meta-t1', { result: '{}' })).toBe(false);
    expect(body(0).writes[0].currentDocument).toEqual({ exists: false });
  });

  it('replaces unless the stored field is kept, writing only over the document it read', async () => {
    let commits = 0;
    const { docs } = await client((request, res) => {
      if (request.path.endsWith(':commit')) {
        commits += 1;
        // The first write finds the document changed since it was read.
        return commits === 1 ? refuse(res, 400, 'FAILED_PRECONDITION') : json(res, 200, {});
      }
      json(res, 200, {
        fields: { result: { stringValue: '{"status": "STARTED"}' } },
        updateTime: `2026-11-25T12:00:0${commits}.000001Z`,
      });
    });
    const keep = (stored: unknown) => typeof stored === 'string' && stored.startsWith('{"status": "SUCCESS"');
    expect(await docs.replaceUnless('celery-task-meta-t1', { result: '{}' }, 'result', keep)).toBe(true);
    expect(server?.requests.map((r) => r.path.split('/').at(-1))).toEqual([
      'celery-task-meta-t1?mask.fieldPaths=result',
      'documents:commit',
      'celery-task-meta-t1?mask.fieldPaths=result',
      'documents:commit',
    ]);
    expect(body(1).writes[0].currentDocument).toEqual({ updateTime: '2026-11-25T12:00:00.000001Z' });
    expect(body(3).writes[0].currentDocument).toEqual({ updateTime: '2026-11-25T12:00:01.000001Z' });
    expect(await docs.replaceUnless('celery-task-meta-t1', { result: '{}' }, 'result', () => true)).toBe(
      false,
    );
    expect(server?.requests).toHaveLength(5);
  });

  it("increments a counter as Celery's backend does and returns the count from the transform result", async () => {
    const { docs } = await client((_r, res) =>
      json(res, 200, { writeResults: [{ transformResults: [{ integerValue: '3' }] }] }),
    );
    const expires = new Date('2026-11-25T12:00:00Z');
    expect(await docs.increment('chord-unlock-g1', 'chord_count', { expires_at: expires })).toBe(3);
    expect(body(0)).toEqual({
      writes: [
        {
          update: {
            name: `${NAME}/chord-unlock-g1`,
            fields: { expires_at: { timestampValue: '2026-11-25T12:00:00.000Z' } },
          },
          updateMask: { fieldPaths: ['expires_at'] },
          updateTransforms: [{ fieldPath: 'chord_count', increment: { integerValue: '1' } }],
        },
      ],
    });
  });

  it('deletes a document', async () => {
    const { docs } = await client((_r, res) => json(res, 200, {}));
    await docs.delete('chord-unlock-g1');
    expect(server?.requests[0]?.path).toBe(`${DOCS}/celery/chord-unlock-g1`);
  });
});
