import { describe, expect, it } from 'vitest';
import { sqsMessage, testRunner } from '../../testing/index.js';
import { tasks } from '../__fixtures__/stageTasks.js';

describe('processMessage: dead-lettering on the last delivery', () => {
  it('stores FAILURE DeadLetteredError when a message must be redelivered on its last allowed delivery', async () => {
    const { runner, backend } = testRunner({ tasks, publisher: undefined, maxReceiveCount: 3 });
    const message = sqsMessage({
      id: 'dl1',
      task: 'proj.add',
      args: [1, 2],
      eta: '2026-11-23T12:01:00+00:00',
    });
    const [early] = await runner.runBatch([{ ...message, receiveCount: 2 }]);
    expect(early).toMatchObject({ action: 'redeliver' });
    expect(await backend.get('dl1')).toBeNull();
    const [last] = await runner.runBatch([{ ...message, receiveCount: 3 }]);
    expect(last).toMatchObject({ action: 'redeliver', taskId: 'dl1' });
    expect(await backend.get('dl1')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'DeadLetteredError', exc_module: 'celery_cloud.errors' },
    });
  });
});
