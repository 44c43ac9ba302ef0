import { describe, expect, it } from 'vitest';
import { watchStates } from './watchStates.js';

describe('watchStates', () => {
  it('records each distinct state once, in the order seen', async () => {
    const answers = [null, 'STARTED', 'RETRY', 'RETRY', 'STARTED'];
    const watch = watchStates(async () => {
      const status = answers.shift();
      return status ? { status } : null;
    }, 1);
    while (answers.length > 0) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(await watch.stop()).toEqual(['STARTED', 'RETRY']);
  });

  it('takes one last reading on stop, so a state reached just before is not missed', async () => {
    let status = 'RETRY';
    const watch = watchStates(async () => ({ status }), 60_000);
    status = 'SUCCESS';
    expect(await watch.stop()).toEqual(['RETRY', 'SUCCESS']);
  });

  it('ignores a failed read', async () => {
    let calls = 0;
    const watch = watchStates(async () => {
      calls += 1;
      if (calls === 1) throw new Error('store unreachable');
      return { status: 'SUCCESS' };
    }, 1);
    expect(await watch.stop()).toEqual(['SUCCESS']);
  });
});
