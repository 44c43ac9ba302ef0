import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@celery-cloud/core';
import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { loadFunctions, loadTasks } from './loadTasks.js';

const here = import.meta.dirname;

describe('loadTasks', () => {
  it('registers exported defineTask results and the tasks of exported registries once each', async () => {
    const loaded = await loadTasks({ tasks: '__fixtures__/tasks.ts', tasksFile: null }, {}, here);
    expect(loaded.registry.names().sort()).toEqual(['fixture.add', 'fixture.neg']);
    expect(loaded.routes).toBeNull();
  });

  it('refuses a module without tasks', async () => {
    await expect(loadTasks({ tasks: '__fixtures__/empty.ts', tasksFile: null }, {}, here)).rejects.toThrow(
      /--tasks __fixtures__\/empty\.ts: the module exports no task/,
    );
  });

  it('names the flag when the module cannot be loaded', async () => {
    await expect(loadTasks({ tasks: 'missing.ts', tasksFile: null }, {}, here)).rejects.toThrow(
      /--tasks missing\.ts: cannot load the module/,
    );
  });

  it('takes routes from --tasks-file before env TASKS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routes-'));
    await writeFile(join(dir, 'routes.json'), '{"remote.greet": "lambda://greet"}');
    const env = { TASKS: '{"other": "task://other"}' };
    expect((await loadTasks({ tasks: null, tasksFile: 'routes.json' }, env, dir)).routes).toBe(
      '{"remote.greet": "lambda://greet"}',
    );
    expect((await loadTasks({ tasks: null, tasksFile: null }, env, dir)).routes).toBe(env.TASKS);
  });

  it('refuses a route map that is not a JSON object, naming where it came from', async () => {
    const load = loadTasks({ tasks: null, tasksFile: null }, { TASKS: '[1]' }, here);
    await expect(load).rejects.toThrow(ConfigError);
    await expect(load).rejects.toThrow(/^env TASKS: TASKS must be a JSON object/);
  });
});

describe('loadFunctions', () => {
  it('serves every exported function under its export name', async () => {
    const functions = await loadFunctions('__fixtures__/functions.ts', here);
    expect(Object.keys(functions)).toEqual(['echo']);
    expect(
      await must(functions.echo)(
        { a: 1 },
        { functionName: 'echo', awsRequestId: 'r1', getRemainingTimeInMillis: () => 1000 },
      ),
    ).toEqual({ a: 1 });
  });

  it('refuses a module without functions', async () => {
    await expect(loadFunctions('__fixtures__/empty.ts', here)).rejects.toThrow(/exports no function/);
  });
});
