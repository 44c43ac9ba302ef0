import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { queueResolver } from './queueRoutes.js';

describe('queueResolver', () => {
  it('prefers an exact task name over a glob, and falls back to the default queue', () => {
    const queueFor = queueResolver({ 'proj.*': 'proj', 'proj.add': { queue: 'adds' } }, 'celery');
    expect(['proj.add', 'proj.mul', 'other.task'].map(queueFor)).toEqual(['adds', 'proj', 'celery']);
  });

  it('treats dots as literal characters in globs', () => {
    expect(queueResolver({ 'a.*': 'q' }, 'celery')('abc')).toBe('celery');
  });

  it('refuses a route without a queue name', () => {
    expect(() => queueResolver({ 'proj.add': { queue: '' } }, 'celery')).toThrow(ConfigError);
  });
});
