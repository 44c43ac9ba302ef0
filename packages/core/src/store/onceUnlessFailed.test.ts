import { describe, expect, it } from 'vitest';
import { onceUnlessFailed } from './onceUnlessFailed.js';

describe('onceUnlessFailed', () => {
  it('makes the value once for every caller, at once or later', async () => {
    let made = 0;
    const value = onceUnlessFailed(async () => ++made);
    expect(await Promise.all([value(), value()])).toEqual([1, 1]);
    expect(await value()).toBe(1);
    expect(made).toBe(1);
  });

  it('forgets a failure, so the next call makes it again', async () => {
    let made = 0;
    const value = onceUnlessFailed(async () => {
      made += 1;
      if (made === 1) throw new Error('not yet');
      return made;
    });
    await expect(value()).rejects.toThrow('not yet');
    expect(await value()).toBe(2);
    expect(await value()).toBe(2);
  });
});
