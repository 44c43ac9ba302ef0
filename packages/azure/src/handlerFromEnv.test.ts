import { InvocationContext } from '@azure/functions';
import {
  ConfigError,
  type ExecutorPlugin,
  type TaskCall,
  encodeTaskMessage,
  wrapForTransport,
} from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { handlerFromEnv } from './handlerFromEnv.js';

// Nothing listens there: a handler that tried to reach Blob storage would fail the message. The task
// is sent with the ignore_result header, so a SUCCESS is acknowledged without a write.
const connection =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1';
const offline = {
  CELERY_RESULT_BACKEND: `azureblockblob://${connection}`,
  TASKS: JSON.stringify({ 'proj.echo': 'echo://anywhere/echo' }),
};

const entryFor = (id: string) =>
  wrapForTransport(
    encodeTaskMessage({ id, task: 'proj.echo', args: [1, 'two'], kwargs: {}, ignore_result: true }),
    'azure-queue',
  );
const context = (id: string) => new InvocationContext({ triggerMetadata: { id, dequeueCount: 1 } });

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
    await expect(handler(entryFor('t-1'), context('m-1'))).resolves.toBeUndefined();
    expect(calls).toEqual([
      { route: 'echo://anywhere/echo', call: expect.objectContaining({ id: 't-1', args: [1, 'two'] }) },
    ]);
  });

  it('refuses at cold start a route to a scheme no plugin serves', () => {
    expect(() => handlerFromEnv(offline, { logger: quiet })).toThrow(ConfigError);
  });

  it('lets a plugin replace the azurefunction:// invoker', async () => {
    const { plugin, calls } = echoPlugin('azurefunction');
    const env = { ...offline, TASKS: JSON.stringify({ 'proj.echo': 'azurefunction://app/fn' }) };
    const handler = handlerFromEnv(env, { plugins: [plugin], logger: quiet });
    await expect(handler(entryFor('t-2'), context('m-2'))).resolves.toBeUndefined();
    expect(calls.map((c) => c.route)).toEqual(['azurefunction://app/fn']);
  });
});
