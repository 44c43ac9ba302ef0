import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { planDemo } from './runDemo.js';

describe('planDemo', () => {
  it('keeps the calls whose task is loaded', () => {
    expect(planDemo(['tasks.add', 'tasks.fail', 'other'])).toEqual([
      { task: 'tasks.add', args: [2, 3] },
      { task: 'tasks.fail', args: ['demo input'] },
    ]);
  });

  it('refuses to run with none of the example tasks loaded', () => {
    expect(() => planDemo(['other'])).toThrow(ConfigError);
  });
});
