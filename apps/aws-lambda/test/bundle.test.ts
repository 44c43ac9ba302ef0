import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createResultStore } from '@celery-cloud/aws';
import { decodeMessage, encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import {
  type LocalAwsStackWithConfig,
  startEventSourceMapping,
  startLocalAwsStack,
} from '@celery-cloud/local/aws';
import { filesAtColdStart, must } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APP = new URL('..', import.meta.url).pathname;
const BUNDLE = `${APP}dist/handler.mjs`;
const BEAT_BUNDLE = `${APP}dist/beat.mjs`;

/** What a cold start of the worker entry reads. */
const atColdStart = () => new Set(filesAtColdStart(BUNDLE));

/** The files of the bundle whose text contains `text`. */
function filesContaining(text: string): string[] {
  return readdirSync(`${APP}dist`).filter((f) => readFileSync(`${APP}dist/${f}`, 'utf8').includes(text));
}

/** An SQS record of the local queue, as the event source mapping hands it to the handler. */
function sqsRecord(messageId: string, body: string, n = 0) {
  return {
    messageId,
    receiptHandle: `r${n}`,
    body,
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:celery',
    awsRegion: 'us-east-1',
  };
}

describe('the bundled Lambda handler', () => {
  let stack: LocalAwsStackWithConfig;
  beforeAll(async () => {
    execFileSync('node', ['build.mjs'], { cwd: APP });
    stack = await startLocalAwsStack();
  }, 60_000);
  afterAll(() => stack.stop());

  it('is two small entries (the worker, the beat) and their chunks, without the local emulators', () => {
    const files = readdirSync(`${APP}dist`);
    expect(files).toContain('handler.mjs');
    expect(files).toContain('beat.mjs');
    const size = files.reduce((n, f) => n + statSync(`${APP}dist/${f}`).size, 0);
    expect(size).toBeLessThan(1.5 * 1024 * 1024);
    for (const file of files) {
      const text = readFileSync(`${APP}dist/${file}`, 'utf8');
      expect(text).not.toContain('dynalite');
      expect(text).not.toContain('local-aws-sqs');
    }
  });

  it('leaves the Lambda SDK to a chunk loaded on the first lambda:// call, not at cold start', () => {
    const withLambdaSdk = filesContaining('@aws-sdk/client-lambda');
    expect(withLambdaSdk).toHaveLength(1);
    expect(withLambdaSdk.filter((f) => atColdStart().has(f))).toEqual([]);
  });

  it('leaves YAML, msgpack and bzip2 to chunks loaded by the first message that needs them', async () => {
    // A class name of each library (esbuild keeps names), found in one chunk, not read at cold start.
    for (const name of ['YAMLParseError', 'ExtensionCodec', 'Bunzip']) {
      const files = filesContaining(name);
      expect(files, name).toHaveLength(1);
      expect(
        files.filter((f) => atColdStart().has(f)),
        name,
      ).toEqual([]);
    }
    Object.assign(process.env, stack.env);
    const { handler } = (await import(BUNDLE)) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    const body = '[[40, 2], {}, null]';
    const bzip2 = execFileSync(
      '/usr/bin/python3',
      ['-c', 'import bz2, sys; sys.stdout.buffer.write(bz2.compress(sys.stdin.buffer.read()))'],
      { input: body },
    );
    const messages: Record<string, { body: Buffer; contentType: string; compression?: string }> = {
      'bundle-yaml': { body: Buffer.from('- [40, 2]\n- {}\n- null\n'), contentType: 'application/x-yaml' },
      // [[40, 2], {}, nil] in msgpack.
      'bundle-msgpack': {
        body: Buffer.from([0x93, 0x92, 0x28, 0x02, 0x80, 0xc0]),
        contentType: 'application/x-msgpack',
      },
      'bundle-bzip2': { body: bzip2, contentType: 'application/json', compression: 'application/x-bz2' },
    };
    const records = Object.entries(messages).map(([id, m], i) => {
      const envelope = encodeTaskMessage({ id, task: 'proj.tasks.add', args: [], kwargs: {} });
      const headers = m.compression ? { ...envelope.headers, compression: m.compression } : envelope.headers;
      const sent = { ...envelope, headers, body: m.body.toString('base64'), 'content-type': m.contentType };
      return sqsRecord(`m-${id}`, wrapForTransport(sent, 'sqs'), i);
    });
    const answer = await handler({ Records: records }, { getRemainingTimeInMillis: () => 30_000 });
    expect(answer).toEqual({ batchItemFailures: [] });
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    for (const id of Object.keys(messages))
      expect(await store.get(id), id).toMatchObject({ status: 'SUCCESS', result: 42 });
  });

  it('runs an SQS event and stores the result', async () => {
    // The bundle reads its configuration from process.env when it is imported, as on Lambda.
    Object.assign(process.env, stack.env);
    const { handler } = (await import(BUNDLE)) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    const body = wrapForTransport(
      encodeTaskMessage({ id: 'bundle-1', task: 'proj.tasks.add', args: [40, 2], kwargs: {} }),
      'sqs',
    );
    const answer = await handler(
      { Records: [sqsRecord('m1', body, 1)] },
      { getRemainingTimeInMillis: () => 30_000 },
    );
    expect(answer).toEqual({ batchItemFailures: [] });
    const stored = await createResultStore({ client: stack.dynamo, table: stack.table }).get('bundle-1');
    expect(stored).toMatchObject({ status: 'SUCCESS', result: 42 });
  });

  it('sends an entry of beat.json when EventBridge Scheduler invokes the beat, and the worker runs it to SUCCESS', async () => {
    Object.assign(process.env, stack.env);
    const { beat } = (await import(BEAT_BUNDLE)) as {
      beat: (event: unknown) => Promise<{ entry: string; taskId: string }>;
    };
    const { handler } = (await import(BUNDLE)) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    // EventBridge Scheduler hands the Lambda function the schedule's Input as its event.
    const sent = [await beat({ entry: 'add-every-minute' }), await beat({ entry: 'add-every-minute' })];
    expect(must(sent[0]).taskId).not.toBe(must(sent[1]).taskId);
    // The worker bundle behind a local SQS event source mapping, as Lambda runs it.
    const bodies: string[] = [];
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    const mapping = startEventSourceMapping({
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      handler: (event, context) => {
        bodies.push(...event.Records.map((r) => r.body));
        return handler(event, context) as never;
      },
    });
    try {
      await expect
        .poll(async () => Promise.all(sent.map((s) => store.get(s.taskId).then((m) => m?.status))), {
          timeout: 15_000,
        })
        .toEqual(['SUCCESS', 'SUCCESS']);
    } finally {
      await mapping.stop();
    }
    expect(await store.get(must(sent[0]).taskId)).toMatchObject({ result: 5 });
    const tasks = bodies.map((body) => decodeMessage('sqs', body));
    expect(tasks.map((t) => [t.protocol, t.task, t.args, t.id]).sort()).toEqual(
      sent.map((s) => [2, 'proj.tasks.add', [2, 3], s.taskId]).sort(),
    );
    expect(tasks.every((t) => t.expires !== null)).toBe(true);
  });

  it('fails at cold start with a clear configuration error when the backend is missing', () => {
    // A fresh Node process imports the bundle as the Lambda runtime does at cold start.
    const run = spawnSync('node', ['--input-type=module', '-e', `await import(${JSON.stringify(BUNDLE)})`], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('CELERY_RESULT_BACKEND is not set');
  });
});
