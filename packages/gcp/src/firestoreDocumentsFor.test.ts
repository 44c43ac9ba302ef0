import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { firestoreDocumentsFor, firestoreRestTarget } from './firestoreDocumentsFor.js';

describe('which Firestore client the result store uses', () => {
  it('talks REST to the emulator at FIRESTORE_EMULATOR_HOST, as its owner', () => {
    expect(firestoreRestTarget({ FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080', K_SERVICE: 'celery' })).toEqual({
      baseUrl: 'http://127.0.0.1:8080/v1',
      auth: 'emulator',
    });
  });

  it('talks REST to Firestore with the metadata server’s tokens on Cloud Functions and Cloud Run', () => {
    const onGoogleCloud = { baseUrl: 'https://firestore.googleapis.com/v1', auth: 'metadata' };
    expect(firestoreRestTarget({ K_SERVICE: 'celery' })).toEqual({
      ...onGoogleCloud,
      metadataUrl: 'http://metadata.google.internal/computeMetadata/v1',
    });
    expect(firestoreRestTarget({ FUNCTION_TARGET: 'celery', GCE_METADATA_HOST: '127.0.0.1:9' })).toEqual({
      ...onGoogleCloud,
      metadataUrl: 'http://127.0.0.1:9/computeMetadata/v1',
    });
  });

  it('leaves other places (a laptop with GOOGLE_APPLICATION_CREDENTIALS) to the SDK', () => {
    expect(
      firestoreRestTarget({ GOOGLE_APPLICATION_CREDENTIALS: '/keys/sa.json', GOOGLE_CLOUD_PROJECT: 'p' }),
    ).toBeNull();
  });

  it('refuses the emulator without a project with a ConfigError naming the settings', () => {
    const choose = () =>
      firestoreDocumentsFor({ env: { FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080' }, collection: 'celery' });
    expect(choose).toThrow(ConfigError);
    expect(choose).toThrow(/GOOGLE_CLOUD_PROJECT or firestore:\/\/<project>\/<collection>/);
  });
});
