import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueueServiceClient } from '@azure/storage-queue';
import { chord, createClient } from '@celery-cloud/client';
import { defineRemoteFunction } from '@celery-cloud/core';
import { capturingLogger, interopTasks } from '@celery-cloud/core/testing';
import { startLocalAzure, startQueueHost } from '@celery-cloud/local/azure';
import { celeryCanvas, celerySendAndGet, hasPythonAzure, must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { azureRemoteFunction, createPublisher, createResultStore, handlerFromEnv } from '../src/index.js';
import { localAzureFunction } from './fixtures/localAzureFunction.js';

/** The runner's log records of this file's tests: the failures they provoke are expected, not printed. */
const quiet = capturingLogger();

const { tasks, runs } = interopTasks();

const python = hasPythonAzure() ? describe : describe.skip;
if (!hasPythonAzure())
  console.warn(
    '\n!!! SKIPPED: Debian python3-celery / python3-azure-* are not installed (scripts/bootstrap.sh) !!!\n',
  );

/** A TypeScript remote function served as an Azure Functions v4 HTTP function. */
const scale = azureRemoteFunction(
  defineRemoteFunction((ctx, values: number[], factor: number) => {
    if (!Array.isArray(values)) throw new TypeError('values must be a list');
    if (ctx.retries < 1) ctx.retry({ countdown: 1 });
    return values.map((v) => v * factor);
  }),
);

/** The Functions host's part: /api/<function> with the function key, the request to the handler. */
function startFunctionsHost(key: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.url !== '/api/scale' || req.headers['x-functions-key'] !== key)
        return void res.writeHead(401).end();
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = await scale({ text: async () => body });
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

python('Python Celery 5.2 → Azure Storage Queue → our function → Blob → AsyncResult.get()', () => {
  const local = localAzureFunction({
    handler: async (azure, onStop) => {
      const functions = await startFunctionsHost('fn-key-1');
      onStop(() => new Promise((resolve) => functions.close(resolve)));
      return handlerFromEnv(
        {
          ...azure.env,
          CELERY_CLOUD_LOG_LEVEL: 'error',
          CELERY_CLOUD_DATE_DONE_FORMAT: 'naive',
          CELERY_CLOUD_AZURE_FUNCTIONS_BASE_URL: `http://127.0.0.1:${(functions.address() as AddressInfo).port}`,
          CELERY_CLOUD_AZURE_FUNCTION_KEYS: JSON.stringify({ 'maths-app': 'fn-key-1' }),
          TASKS: JSON.stringify({ 'maths.scale': 'azurefunction://maths-app/scale' }),
        },
        { tasks, logger: quiet },
      );
    },
    maxDequeueCount: 3,
  });

  it('runs a TypeScript remote function on Azure Functions: a retry then its value, and its failure', async () => {
    const [scaled, refused] = await celerySendAndGet(local.azure.python, [
      { name: 'maths.scale', args: [[1, 2, 3], 10], timeout: 60 },
      { name: 'maths.scale', args: ['x', 2] },
    ]);
    expect(scaled).toMatchObject({ state: 'SUCCESS', result_repr: '[10, 20, 30]' });
    expect(refused).toMatchObject({
      state: 'FAILURE',
      exc_class: 'builtins.TypeError',
      exc_args: ["'values must be a list'"],
    });
  }, 90_000);

  it('returns values and raises failures through Celery’s own azureblockblob backend', async () => {
    const results = await celerySendAndGet(local.azure.python, [
      { name: 'proj.add', args: [2, 3] },
      { name: 'proj.fail', args: ['bad amount'] },
      { name: 'proj.unknown' },
    ]);
    expect(results.map(({ id: _id, ...r }) => r)).toEqual([
      { state: 'SUCCESS', result_repr: '5' },
      { state: 'FAILURE', exc_class: 'builtins.ValueError', exc_args: ["'bad amount'"] },
      { state: 'FAILURE', exc_class: 'celery.exceptions.NotRegistered', exc_args: ["'proj.unknown'"] },
    ]);
  }, 90_000);

  it('does not run a countdown task early, retries to SUCCESS, revokes the expired', async () => {
    const sentAt = Date.now();
    const [when, flaky, expired] = await celerySendAndGet(local.azure.python, [
      { name: 'proj.when', options: { countdown: 2 } },
      { name: 'proj.flaky', timeout: 60 },
      { name: 'proj.add', args: [1, 1], options: { expires: -1 } },
    ]);
    expect(when?.state).toBe('SUCCESS');
    expect(Number(when?.result_repr)).toBeGreaterThanOrEqual(sentAt + 2000);
    expect(flaky).toMatchObject({ state: 'SUCCESS', result_repr: "'ok after 2'" });
    expect(expired).toMatchObject({ state: 'REVOKED', exc_class: 'celery.exceptions.TaskRevokedError' });
    expect(runs.get(must(expired).id)).toBeUndefined();
  }, 90_000);

  it('runs chains, groups, chords (chord_unlock) and link/link_error', async () => {
    const [chained, failing, members, chord, linked] = await celeryCanvas(local.azure.python, [
      { code: "result = chain(s('proj.add', 1, 2), s('proj.mul', 10), s('proj.add', 4)).delay()" },
      {
        code: "result = chain(s('proj.add', 1, 1), s('proj.fail', 'mid').set(immutable=True), s('proj.add', 3)).delay()",
      },
      { code: "result = group(s('proj.add', i, i) for i in range(10)).delay()" },
      { code: "result = chord([s('proj.add', i, i) for i in range(5)], s('proj.tsum')).delay()" },
      {
        code: [
          "cb = s('proj.mul', 3); cb.freeze()",
          "eb = s('proj.on_err'); eb.freeze()",
          "result = s('proj.fail', 'x').apply_async(link=cb, link_error=eb)",
          'also = [app.AsyncResult(eb.id)]',
        ].join('\n'),
      },
    ]);
    expect(chained?.result).toMatchObject({ state: 'SUCCESS', result_repr: '34' });
    expect(failing?.result).toMatchObject({ state: 'FAILURE', exc_class: 'builtins.ValueError' });
    expect(failing?.parents.map(([, state]) => state)).toEqual(['FAILURE', 'SUCCESS']);
    expect(members?.result).toMatchObject({ result_repr: '[0, 2, 4, 6, 8, 10, 12, 14, 16, 18]' });
    expect(chord?.result).toMatchObject({ state: 'SUCCESS', result_repr: '20' });
    expect(linked?.also).toMatchObject([
      { state: 'SUCCESS', result_repr: `'errback saw ${linked?.result.id}'` },
    ]);
  }, 120_000);

  it('runs link callbacks, map, starmap and chunks as Celery does', async () => {
    const outcomes = await celeryCanvas(local.azure.python, [
      {
        code: [
          "cb = s('proj.mul', 3); cb.freeze()",
          "result = s('proj.add', 1, 1).apply_async(link=cb)",
          'also = [app.AsyncResult(cb.id)]',
        ].join('\n'),
      },
      { code: "result = xmap(s('proj.tsum'), [[1, 2], [3, 4]]).delay()" },
      { code: "result = xstarmap(s('proj.add'), [(1, 2), (3, 4)]).delay()" },
      { code: "result = chunks(s('proj.add'), [(i, i) for i in range(5)], 2).apply_async()" },
    ]);
    expect(outcomes[0]?.also).toMatchObject([{ state: 'SUCCESS', result_repr: '6' }]);
    expect(outcomes.slice(1).map((o) => o.result.result_repr)).toEqual([
      '[3, 7]',
      '[3, 7]',
      '[[0, 2], [4, 6], [8]]',
    ]);
  }, 120_000);
});

describe('A message that keeps failing on Azure', () => {
  it('ends in the poison queue with its FAILURE stored', async () => {
    const azure = await startLocalAzure();
    // No queue connection: a retry cannot be published, so every delivery fails.
    const { AzureWebJobsStorage: _none, ...env } = azure.env;
    const host = startQueueHost({
      connectionString: azure.connectionString,
      queue: azure.queue,
      handler: handlerFromEnv(
        { ...env, CELERY_CLOUD_LOG_LEVEL: 'error', CELERY_CLOUD_MAX_RECEIVE_COUNT: '3' },
        { tasks, logger: quiet },
      ),
      maxDequeueCount: 3,
    });
    try {
      const queues = QueueServiceClient.fromConnectionString(azure.connectionString);
      const { encodeTaskMessage, wrapForTransport } = await import('@celery-cloud/core');
      await queues
        .getQueueClient(azure.queue)
        .sendMessage(
          wrapForTransport(
            encodeTaskMessage({ id: 'poison-1', task: 'proj.flaky', args: [], kwargs: {} }),
            'azure-queue',
          ),
        );
      const poison = queues.getQueueClient(`${azure.queue}-poison`);
      await expect
        .poll(async () => (await poison.getProperties()).approximateMessagesCount, { timeout: 30_000 })
        .toBe(1);
      expect(
        await createResultStore({ connectionString: azure.connectionString }).get('poison-1'),
      ).toMatchObject({
        status: 'FAILURE',
        result: { exc_type: 'DeadLetteredError', exc_module: 'celery_cloud.errors' },
      });
    } finally {
      await host.stop();
      await azure.stop();
    }
  }, 60_000);
});

describe('Our TypeScript client on Azure', () => {
  it('sends through the Storage Queue and reads what the function stores in Blob', async () => {
    const azure = await startLocalAzure();
    const host = startQueueHost({
      connectionString: azure.connectionString,
      queue: azure.queue,
      handler: handlerFromEnv({ ...azure.env, CELERY_CLOUD_LOG_LEVEL: 'error' }, { tasks, logger: quiet }),
    });
    try {
      const client = createClient({
        publisher: createPublisher({ connectionString: azure.connectionString }),
        backend: createResultStore({ url: `azureblockblob://${azure.connectionString}` }),
      });
      const add = client.task<[number, number], number>('proj.add');
      const sum = await add.delay(20, 22);
      const failed = await client.sendTask('proj.fail', ['nope']);
      expect(await sum.get({ timeout: 30 })).toBe(42);
      await expect(failed.get({ timeout: 30 })).rejects.toMatchObject({
        excType: 'ValueError',
        excMessage: ['nope'],
      });
      // A counter-mode chord completes with no chord mode set, as chord_unlock ones do above.
      const counting = createClient({
        publisher: createPublisher({ connectionString: azure.connectionString }),
        backend: createResultStore({ url: `azureblockblob://${azure.connectionString}` }),
        chordMode: 'counter',
      });
      const tsum = counting.task<[number[]], number>('proj.tsum');
      const counted = await counting.apply(
        chord(
          [1, 2, 3].map((i) => add.s(i, i)),
          tsum.s(),
        ),
      );
      expect(await counted.get({ timeout: 30 })).toBe(12);
    } finally {
      await host.stop();
      await azure.stop();
    }
  }, 60_000);
});
