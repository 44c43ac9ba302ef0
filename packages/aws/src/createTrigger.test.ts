import {
  type InboundMessage,
  type MessageOutcome,
  TaskRegistry,
  defineTask,
  encodeTaskMessage,
  wrapForTransport,
} from '@celery-cloud/core';
import { testRunner } from '@celery-cloud/core/testing';
import { describeTriggerContract } from '@celery-cloud/testkit/contracts';
import { describe, expect, it } from 'vitest';
import { createTrigger } from './createTrigger.js';
import type { SQSRecord } from './types.js';

function record(
  id: string,
  extra: Partial<SQSRecord['attributes']> = {},
  arn = 'arn:aws:sqs:us-east-1:1:celery',
): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: `body-${id}`,
    attributes: { ApproximateReceiveCount: '2', ...extra },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: 'us-east-1',
  };
}

const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));

/** A runner that fails the bodies it is told to, and records what it ran. */
function fakeRunner(failing: Set<string>) {
  const ran: InboundMessage[] = [];
  return {
    ran,
    runBatch: async (messages: InboundMessage[]): Promise<MessageOutcome[]> => {
      ran.push(...messages);
      return messages.map((m) =>
        failing.has(String(m.payload))
          ? { messageId: m.messageId, action: 'redeliver', taskId: null, reason: 'store down' }
          : { messageId: m.messageId, action: 'ack', taskId: null, state: 'SUCCESS' },
      );
    },
  };
}

describe('createTrigger (SQS → runner → batchItemFailures)', () => {
  describe('keeps the trigger contract', () =>
    describeTriggerContract({
      setup: (options) => testRunner({ tasks, ...options }),
      encodeTaskMessage,
      batch: async (runner, messages) => {
        const Records = messages.map(({ messageId, message, receiveCount }) => ({
          ...record(messageId, { ApproximateReceiveCount: String(receiveCount) }),
          body: typeof message === 'string' ? message : wrapForTransport(message, 'sqs'),
        }));
        const answer = await createTrigger({ runner })({ Records });
        return answer.batchItemFailures.map((f) => f.itemIdentifier);
      },
    }));

  it('on a FIFO queue fails the rest of a message group after a failure, unrun, and keeps other groups going', async () => {
    const runner = fakeRunner(new Set(['body-g1-2']));
    const handler = createTrigger({ runner });
    const arn = 'arn:aws:sqs:us-east-1:1:jobs.fifo';
    const answer = await handler({
      Records: [
        record('g1-1', { MessageGroupId: 'g1' }, arn),
        record('g2-1', { MessageGroupId: 'g2' }, arn),
        record('g1-2', { MessageGroupId: 'g1' }, arn),
        record('g1-3', { MessageGroupId: 'g1' }, arn),
        record('g2-2', { MessageGroupId: 'g2' }, arn),
      ],
    });
    expect(answer.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['g1-2', 'g1-3']);
    expect(runner.ran.map((m) => m.messageId).sort()).toEqual(['g1-1', 'g1-2', 'g2-1', 'g2-2']);
  });

  it('keeps a FIFO message whose eta is not reached invisible until due through holdUntilDue', async () => {
    const held: Array<[string, number]> = [];
    const runner = {
      runBatch: async (messages: InboundMessage[]): Promise<MessageOutcome[]> =>
        messages.map((m) => ({
          messageId: m.messageId,
          action: 'redeliver',
          taskId: null,
          reason: 'eta not reached (due in 30s)',
          delaySeconds: 30,
        })),
    };
    const handler = createTrigger({
      runner,
      holdUntilDue: async (r, seconds) => void held.push([r.receiptHandle, seconds]),
    });
    const arn = 'arn:aws:sqs:us-east-1:1:jobs.fifo';
    const answer = await handler({
      Records: [record('e1', { MessageGroupId: 'g' }, arn), record('e2', { MessageGroupId: 'g' }, arn)],
    });
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'e1' }, { itemIdentifier: 'e2' }]);
    // Only the deferred message is held; the rest of its group simply goes back unrun.
    expect(held).toEqual([['rh-e1', 30]]);
  });
});
