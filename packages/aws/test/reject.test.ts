import { TaskRegistry, defineTask } from '@celery-cloud/core';
import { celerySendAndGet, hasPythonCelery, must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { createResultStore, handlerFromEnv } from '../src/index.js';
import { localAwsFunction } from './fixtures/localAwsFunction.js';

const runs = new Map<string, number>();
const count = (id: string) => {
  runs.set(id, (runs.get(id) ?? 0) + 1);
  return must(runs.get(id));
};

const tasks = new TaskRegistry().register(
  defineTask('proj.requeue_once', (ctx) =>
    count(ctx.id) === 1 ? ctx.reject({ requeue: true }) : 'second delivery',
  ),
  defineTask('proj.drop', (ctx) => {
    count(ctx.id);
    ctx.reject();
  }),
);

const python = hasPythonCelery() ? describe : describe.skip;

python('ctx.reject() with the Python Celery 5.2 client (SQS, DynamoDB)', () => {
  const local = localAwsFunction({
    handler: (stack) => handlerFromEnv(stack.env, { tasks }),
    mapping: { visibilityTimeoutSeconds: 1 },
  });

  it('requeue runs the task again on the next delivery; without requeue the message is dropped, nothing stored', async () => {
    const [requeued, dropped] = await celerySendAndGet(local.stack.python, [
      { name: 'proj.requeue_once', timeout: 30 },
      { name: 'proj.drop', no_wait: true },
    ]);
    expect(requeued).toMatchObject({ state: 'SUCCESS', result_repr: "'second delivery'" });
    expect(runs.get(must(requeued).id)).toBe(2);
    await expect.poll(() => runs.get(must(dropped).id), { timeout: 20_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 2500));
    expect(runs.get(must(dropped).id)).toBe(1);
    const store = createResultStore({ client: local.stack.dynamo, table: local.stack.table });
    expect(await store.get(must(dropped).id)).toBeNull();
  }, 90_000);
});
