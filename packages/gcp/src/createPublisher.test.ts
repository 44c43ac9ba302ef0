import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { gcpubsubProject } from './createPublisher.js';

describe('gcpubsubProject', () => {
  it('reads the project of a kombu gcpubsub:// broker URL', () => {
    expect(gcpubsubProject('gcpubsub://projects/my-proj-123')).toBe('my-proj-123');
  });

  it('refuses anything else', () => {
    expect(() => gcpubsubProject('gcpubsub://my-proj')).toThrow(ConfigError);
  });
});
