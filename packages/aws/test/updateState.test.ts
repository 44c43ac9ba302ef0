import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskRegistry, defineTask } from '@celery-cloud/core';
import { celeryCanvas, hasPythonCelery } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { handlerFromEnv } from '../src/index.js';
import { localAwsFunction } from './fixtures/localAwsFunction.js';

const dir = mkdtempSync(join(tmpdir(), 'celery-cloud-progress-'));

/** Reports PROGRESS, then runs on until the Python client has seen it (a file it writes), at most 30 s. */
const tasks = new TaskRegistry().register(
  defineTask('proj.progress', async (ctx, total: number, releaseFile: string) => {
    await ctx.updateState('PROGRESS', { current: 1, total });
    const until = Date.now() + 30_000;
    while (!existsSync(releaseFile) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return existsSync(releaseFile) ? 'released' : 'never seen';
  }),
);

const python = hasPythonCelery() ? describe : describe.skip;

python('ctx.updateState read by the Python Celery 5.2 client mid-task (SQS, DynamoDB)', () => {
  const local = localAwsFunction({
    handler: (stack, onStop) => {
      onStop(() => rmSync(dir, { recursive: true, force: true }));
      return handlerFromEnv(stack.env, { tasks });
    },
    mapping: { visibilityTimeoutSeconds: 60 },
  });

  it('AsyncResult.state is PROGRESS and .info the meta while the task runs, then SUCCESS', async () => {
    const release = join(dir, 'seen');
    const code = `
result = s('proj.progress', 5, ${JSON.stringify(release)}).delay()
seen = None
deadline = time.time() + 40
while time.time() < deadline and seen is None:
    if result.state == 'PROGRESS':
        seen = {'state': result.state, 'info': result.info, 'ready': result.ready()}
        open(${JSON.stringify(release)}, 'w').write('seen')
    time.sleep(0.1)
`;
    const [outcome] = await celeryCanvas(local.stack.python, [{ code, timeout: 60 }]);
    expect(outcome?.seen).toEqual({ state: 'PROGRESS', info: { current: 1, total: 5 }, ready: false });
    expect(outcome?.result).toMatchObject({ state: 'SUCCESS', result_repr: "'released'" });
  }, 120_000);
});
