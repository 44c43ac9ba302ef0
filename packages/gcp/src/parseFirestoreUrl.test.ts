import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { parseFirestoreUrl } from './parseFirestoreUrl.js';

describe('parseFirestoreUrl', () => {
  it('reads the project, the collection and ttl_seconds', () => {
    expect(parseFirestoreUrl('firestore://my-proj/results?ttl_seconds=3600')).toEqual({
      project: 'my-proj',
      collection: 'results',
      ttlSeconds: 3600,
    });
  });

  it("defaults to the environment's project and the collection celery", () => {
    expect(parseFirestoreUrl('firestore://')).toEqual({
      project: null,
      collection: 'celery',
      ttlSeconds: null,
    });
    expect(parseFirestoreUrl('firestore:///jobs').collection).toBe('jobs');
  });

  it("accepts the Python client's setting, Celery's <backend class>+<url> form", () => {
    expect(parseFirestoreUrl('celery_cloud_firestore:FirestoreBackend+firestore://my-proj/celery')).toEqual({
      project: 'my-proj',
      collection: 'celery',
      ttlSeconds: null,
    });
  });

  it('refuses other schemes, nested paths and a ttl that is not a positive integer', () => {
    expect(() => parseFirestoreUrl('gs://bucket/path')).toThrow(ConfigError);
    expect(() => parseFirestoreUrl('firestore://p/a/b')).toThrow(/one collection/);
    expect(() => parseFirestoreUrl('firestore://p/c?ttl_seconds=1h')).toThrow(/ttl_seconds/);
    expect(() => parseFirestoreUrl('firestore://p/c?ttl_seconds=0')).toThrow(ConfigError);
  });
});
