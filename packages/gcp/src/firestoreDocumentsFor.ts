/**
 * Which client the Firestore result store talks through: the REST client against the emulator and
 * on Google Cloud runtimes (no SDK at cold start), the SDK elsewhere or when given one.
 */
import { ConfigError, DEFAULT_STORE_TIMEOUT_MS } from '@celery-cloud/core';
import type { Firestore } from '@google-cloud/firestore';
import type { FirestoreDocuments } from './firestoreDocuments.js';
import { metadataAccessTokens, metadataProjectId, metadataServerUrl } from './metadataServer.js';
import { restFirestoreDocuments } from './restFirestoreDocuments.js';
import { sdkFirestoreDocuments } from './sdkFirestoreDocuments.js';
import { loadFirestoreSdk } from './sdkModules.js';

type Env = Record<string, string | undefined>;

/** Where the REST client goes and how it authenticates, or null where the SDK is used. */
export type FirestoreRestTarget =
  | { baseUrl: string; auth: 'emulator' }
  | { baseUrl: string; auth: 'metadata'; metadataUrl: string };

/**
 * The REST target the environment calls for: the emulator at `FIRESTORE_EMULATOR_HOST` (as the
 * owner), else Firestore itself with the service account's token from the metadata server on a
 * Google Cloud runtime (`K_SERVICE` or `FUNCTION_TARGET` set: Cloud Functions, Cloud Run); null
 * elsewhere (a laptop with `GOOGLE_APPLICATION_CREDENTIALS`), where the SDK finds credentials.
 *
 * @example
 * ```ts
 * firestoreRestTarget({ FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080' }); // { baseUrl: 'http://127.0.0.1:8080/v1', auth: 'emulator' }
 * ```
 */
export function firestoreRestTarget(env: Env): FirestoreRestTarget | null {
  if (env.FIRESTORE_EMULATOR_HOST)
    return { baseUrl: `http://${env.FIRESTORE_EMULATOR_HOST}/v1`, auth: 'emulator' };
  if (env.K_SERVICE || env.FUNCTION_TARGET)
    return {
      baseUrl: 'https://firestore.googleapis.com/v1',
      auth: 'metadata',
      metadataUrl: metadataServerUrl(env),
    };
  return null;
}

/** What {@link firestoreDocumentsFor} needs to pick and make a client. */
export interface FirestoreClientChoice {
  /** A client to use as is (the SDK). */
  firestore?: Firestore | undefined;
  /** Where to look for the emulator and the runtime (`FIRESTORE_EMULATOR_HOST`, `K_SERVICE`, …). */
  env: Env;
  /** The project; else `GOOGLE_CLOUD_PROJECT`, else the metadata server's (or the SDK's lookup). */
  projectId?: string | undefined;
  collection: string;
  /** Deadline of one REST call, retries included (default 30 s). */
  timeoutMs?: number | undefined;
}

/**
 * The documents of the result store's collection, through the client the environment calls for
 * (see {@link firestoreRestTarget}); the SDK is imported only when it is the one. Throws
 * {@link ConfigError} for the emulator without a project.
 *
 * @example
 * ```ts
 * const docs = firestoreDocumentsFor({ env: process.env, collection: 'celery' });
 * ```
 */
export function firestoreDocumentsFor(choice: FirestoreClientChoice): FirestoreDocuments {
  const { firestore, collection } = choice;
  if (firestore) return sdkFirestoreDocuments(() => firestore, collection);
  const projectId = choice.projectId || choice.env.GOOGLE_CLOUD_PROJECT || undefined;
  const target = firestoreRestTarget(choice.env);
  if (target === null)
    return sdkFirestoreDocuments(
      async () => new (await loadFirestoreSdk()).Firestore(projectId ? { projectId } : {}),
      collection,
    );
  const common = {
    baseUrl: target.baseUrl,
    collection,
    timeoutMs: choice.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
  };
  if (target.auth === 'emulator') {
    if (!projectId)
      throw new ConfigError(
        'FIRESTORE_EMULATOR_HOST is set but no project is: set GOOGLE_CLOUD_PROJECT or firestore://<project>/<collection>',
      );
    return restFirestoreDocuments({ ...common, projectId, token: async () => 'owner' });
  }
  const { metadataUrl } = target;
  return restFirestoreDocuments({
    ...common,
    projectId: projectId ?? (() => metadataProjectId(metadataUrl)),
    token: metadataAccessTokens(metadataUrl),
  });
}
