import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsDeleteFailed, sqsDeleteBatcher } from './sqsDeleteBatcher.js';

/** An SQS client stand-in that records each batch and answers with `answer` (error paths only). */
function fakeSqs(answer: (entries: Array<{ Id: string; ReceiptHandle: string }>) => unknown) {
  const batches: string[][] = [];
  const sqs = {
    send: async (command: { input: { Entries: Array<{ Id: string; ReceiptHandle: string }> } }) => {
      batches.push(command.input.Entries.map((e) => e.ReceiptHandle));
      return answer(command.input.Entries);
    },
  } as unknown as SQSClient;
  return { sqs, batches };
}

describe('gathering SQS deletes into DeleteMessageBatch', () => {
  it('sends one batch once no other message is running, and settles each delete with its own entry', async () => {
    const { sqs, batches } = fakeSqs((entries) => ({
      Successful: entries.filter((e) => e.ReceiptHandle !== 'bad').map((e) => ({ Id: e.Id })),
      Failed: entries
        .filter((e) => e.ReceiptHandle === 'bad')
        .map((e) => ({ Id: e.Id, Code: 'ReceiptHandleIsInvalid', Message: 'gone' })),
    }));
    let running = 2;
    const del = sqsDeleteBatcher({ sqs, queueUrl: 'q', running: () => running, waitMs: 60_000 });
    running -= 1;
    const first = del('a');
    running -= 1;
    const second = del('bad');
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow(SqsDeleteFailed);
    await expect(second).rejects.toThrow('ReceiptHandleIsInvalid: gone');
    expect(batches).toEqual([['a', 'bad']]);
  });

  it('sends after the wait when other tasks still run, and rejects every delete of a batch that failed', async () => {
    const { sqs, batches } = fakeSqs(() => {
      throw new Error('connection refused');
    });
    const del = sqsDeleteBatcher({ sqs, queueUrl: 'q', running: () => 3, waitMs: 5 });
    const results = await Promise.allSettled([del('a'), del('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('never puts more than 10 deletes in one batch', async () => {
    const { sqs, batches } = fakeSqs(() => ({ Successful: [], Failed: [] }));
    const del = sqsDeleteBatcher({ sqs, queueUrl: 'q', running: () => 100, waitMs: 5 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => del(`h${i}`)));
    expect(batches.map((b) => b.length)).toEqual([10, 2]);
  });
});
