import {
  ConfigError,
  type ExecutorPlugin,
  type TaskCall,
  encodeTaskMessage,
  wrapForTransport,
} from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { handlerFromEnv } from './handlerFromEnv.js';
import type { SQSRecord } from './types.js';

// Nothing listens there: a handler that tried to reach DynamoDB would fail the message. The task is
// sent with the ignore_result header, so a SUCCESS is acknowledged without a write.
const offline = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  CELERY_RESULT_BACKEND: 'dynamodb://@us-east-1/celery',
  TASKS: JSON.stringify({ 'proj.echo': 'echo://anywhere/echo' }),
};

function recordFor(id: string): SQSRecord {
  const task = encodeTaskMessage({
    id,
    task: 'proj.echo',
    args: [1, 'two'],
    kwargs: {},
    ignore_result: true,
  });
  return {
    messageId: `m-${id}`,
    receiptHandle: 'rh',
    body: wrapForTransport(task, 'sqs'),
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:1:celery',
    awsRegion: 'us-east-1',
  };
}

function echoPlugin(scheme = 'echo') {
  const calls: Array<{ route: string; call: TaskCall }> = [];
  const plugin: ExecutorPlugin = {
    scheme,
    create: (route) => ({
      execute: async (call) => {
        calls.push({ route: route.href, call });
        return { status: 'success', value: call.args };
      },
    }),
  };
  return { plugin, calls };
}

const quiet = { log: () => {} };

describe('handlerFromEnv plugins', () => {
  it('runs a task routed to a scheme of a plugin it was given through that plugin', async () => {
    const { plugin, calls } = echoPlugin();
    const handler = handlerFromEnv(offline, { plugins: [plugin], logger: quiet });
    await expect(handler({ Records: [recordFor('t-1')] })).resolves.toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([
      { route: 'echo://anywhere/echo', call: expect.objectContaining({ id: 't-1', args: [1, 'two'] }) },
    ]);
  });

  it('refuses at cold start a route to a scheme no plugin serves', () => {
    expect(() => handlerFromEnv(offline, { logger: quiet })).toThrow(ConfigError);
  });

  it('lets a plugin replace the lambda:// invoker', async () => {
    const { plugin, calls } = echoPlugin('lambda');
    const env = { ...offline, TASKS: JSON.stringify({ 'proj.echo': 'lambda://other-function' }) };
    const handler = handlerFromEnv(env, { plugins: [plugin], logger: quiet });
    await expect(handler({ Records: [recordFor('t-2')] })).resolves.toEqual({ batchItemFailures: [] });
    expect(calls.map((c) => c.route)).toEqual(['lambda://other-function']);
  });
});
