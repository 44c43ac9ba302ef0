import type { GroupResult } from '@celery-cloud/client';
import { type Publisher, createRunner, decodeMessage } from '@celery-cloud/core';
import { interopTasks } from '@celery-cloud/core/testing';
import { describe, expect, it } from 'vitest';
import { createPublisher, createResultStore, createTrigger } from '../src/index.js';
import { sendCounterChord } from './fixtures/counterChord.js';
import { localAwsFunction } from './fixtures/localAwsFunction.js';

const { tasks, runs: bodyRuns } = interopTasks();

describe('a counter chord whose body cannot be published at first, on the local AWS stack (DynamoDB)', () => {
  const bodyPublishes: Array<'failed' | 'sent'> = [];

  const local = localAwsFunction({
    handler: (stack) => {
      const sqs = createPublisher({ client: stack.sqs, queueUrl: stack.queueUrl });
      // SQS refuses the first publish of the body: the last header part's counting cannot finish.
      const publisher: Publisher = {
        maxDelaySeconds: sqs.maxDelaySeconds,
        async publish(envelope, options) {
          if (decodeMessage('envelope', envelope).task === 'proj.tsum') {
            if (bodyPublishes.length === 0) {
              bodyPublishes.push('failed');
              throw new Error('SQS unreachable (injected)');
            }
            bodyPublishes.push('sent');
          }
          await sqs.publish(envelope, options);
        },
      };
      const runner = createRunner({
        backend: createResultStore({ client: stack.dynamo, table: stack.table }),
        publisher,
        tasks,
        chordMode: 'counter',
        logger: { log: () => {} },
      });
      return createTrigger({ runner });
    },
    mapping: { visibilityTimeoutSeconds: 2 },
  });

  it('publishes the body from the redelivered last part, runs it once, and cleans up the chord', async () => {
    const { result, store } = await sendCounterChord(local.stack, [1, 2, 3]);
    expect(await result.get({ timeout: 30 })).toBe(12);
    // Settle: a second publish or body run would show within a visibility period.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(bodyPublishes).toEqual(['failed', 'sent']);
    expect(bodyRuns.get(result.id)).toBe(1);
    const header = (result.parent as GroupResult).id;
    expect(await store.getGroup(header)).toBeNull();
  }, 60_000);
});
