import { describe, expect, it } from 'vitest';
import { loadVector } from '../../test/vectors.js';
import { testRunner } from '../testing/index.js';
import { TaskRegistry } from './TaskRegistry.js';
import { defineTask } from './defineTask.js';

describe('processMessage with messages captured from Celery 5.6.3', () => {
  const vectorTasks = new TaskRegistry().register(
    defineTask('proj.tasks.add', (_ctx, a: number, b: number) => a + b),
  );
  const captured = (name: string) => {
    const vector = loadVector(`messages/sqs/5.6.3/${name}.json`).data as { raw: string };
    return { messageId: name, transport: 'sqs' as const, payload: vector.raw };
  };
  const at = (iso: string) => ({ now: () => new Date(iso) });

  it('runs plain args and a message with time limits to SUCCESS', async () => {
    const { runner, backend } = testRunner({ tasks: vectorTasks });
    await runner.runBatch([captured('plain-args'), captured('time-limits')]);
    expect((await backend.get('e1cfab9c-8ba0-5edf-8645-72e4bea16192'))?.result).toBe(5);
    expect((await backend.get('05426039-dac6-5dba-b5df-a6002e266894'))?.result).toBe(2);
  });

  it('stores nothing for the ignore_result message', async () => {
    const { runner, backend } = testRunner({ tasks: vectorTasks });
    const [outcome] = await runner.runBatch([captured('ignore-result')]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    expect(backend.writes).toEqual([]);
  });

  it('defers the countdown message until its eta, then revokes it once expired', async () => {
    const early = testRunner({ tasks: vectorTasks, clock: at('2025-06-01T12:00:00.250Z') });
    await early.runner.runBatch([captured('countdown-expires')]);
    expect(early.publisher.published.map((p) => p.delaySeconds)).toEqual([10]);
    expect(early.backend.writes).toEqual([]);

    const late = testRunner({ tasks: vectorTasks, clock: at('2025-06-01T12:01:00.250Z') });
    await late.runner.runBatch([captured('countdown-expires')]);
    expect((await late.backend.get('01acfa6c-3085-53a2-8407-37789f3c2913'))?.status).toBe('REVOKED');
  });
});
