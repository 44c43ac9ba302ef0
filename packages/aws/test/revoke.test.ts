import { AsyncResult } from '@celery-cloud/client';
import { TaskRegistry, defineTask } from '@celery-cloud/core';
import { celeryCanvas, hasPythonCelery, must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { createResultStore, handlerFromEnv } from '../src/index.js';
import { localAwsFunction } from './fixtures/localAwsFunction.js';

const runs: string[] = [];
const tasks = new TaskRegistry().register(
  defineTask('proj.add', (ctx, a: number, b: number) => {
    runs.push(ctx.id);
    return a + b;
  }),
);

const python = hasPythonCelery() ? describe : describe.skip;

python(
  'revoke across functions with the Python Celery 5.2 client (SQS, DynamoDB, CELERY_CLOUD_REVOKE=check)',
  () => {
    const local = localAwsFunction({
      handler: (stack) =>
        handlerFromEnv(
          { ...stack.env, CELERY_CLOUD_REVOKE: 'check', CELERY_RESULT_EXTENDED: 'true' },
          { tasks },
        ),
      mapping: { visibilityTimeoutSeconds: 30 },
    });

    it('mark_as_revoked (Python) and AsyncResult.revoke() (TypeScript) end an eta task and a later chain step REVOKED', async () => {
      const store = createResultStore({ client: local.stack.dynamo, table: local.stack.table });
      await new AsyncResult('revoked-by-ts', store).revoke();
      const code = `
c = chain(s('proj.add', 1, 2).set(countdown=2), s('proj.add', 10)).apply_async()
app.backend.mark_as_revoked(c.id, 'revoked')
e = app.send_task('proj.add', args=[5, 5], countdown=2)
app.backend.mark_as_revoked(e.id, 'revoked')
t = app.send_task('proj.add', args=[7, 7], task_id='revoked-by-ts')
result = c.parent
also = [c, e, t]
seen = [c.id, e.id]
`;
      const [outcome] = await celeryCanvas(local.stack.python, [{ code, timeout: 40 }]);
      expect(outcome?.result).toMatchObject({ state: 'SUCCESS', result_repr: '3' });
      const revoked = {
        state: 'REVOKED',
        exc_class: 'celery.exceptions.TaskRevokedError',
        exc_args: ["'revoked'"],
      };
      expect(outcome?.also).toMatchObject([revoked, revoked, revoked]);
      const [chainStep, eta] = outcome?.seen as string[];
      // The runner's own REVOKED (with the extended request) replaces the client's marker once it
      // has seen each message: only then is it certain the task was not run.
      for (const id of [must(chainStep), must(eta), 'revoked-by-ts'])
        await expect
          .poll(async () => (await store.get(id))?.request?.name, { timeout: 20_000 })
          .toBe('proj.add');
      expect(runs).toEqual([outcome?.result.id]);
      expect(runs).not.toContain(chainStep);
      expect(runs).not.toContain(eta);
    }, 120_000);
  },
);
