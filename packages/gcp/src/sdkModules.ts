/**
 * The Google Cloud SDKs, imported on first use: a function that never needs one never loads it,
 * which keeps it out of the bundle's cold start (esbuild puts each `import()` in a chunk).
 */
import type * as FirestoreSdk from '@google-cloud/firestore';
import type * as PubSubSdk from '@google-cloud/pubsub';

/**
 * A CommonJS package's exports loaded with `import()`: named exports under Node, but only
 * `default` in a bundle's chunk, so they are read from `default` when it is there.
 */
function commonJsExports<T>(sdk: T): T {
  return (sdk as { default?: T }).default ?? sdk;
}

/**
 * `@google-cloud/firestore`, loaded on first use.
 *
 * @example
 * ```ts
 * const { Firestore } = await loadFirestoreSdk();
 * ```
 */
export async function loadFirestoreSdk(): Promise<typeof FirestoreSdk> {
  return commonJsExports(await import('@google-cloud/firestore'));
}

/**
 * `@google-cloud/pubsub`, loaded on first use.
 *
 * @example
 * ```ts
 * const { PubSub } = await loadPubSubSdk();
 * ```
 */
export async function loadPubSubSdk(): Promise<typeof PubSubSdk> {
  return commonJsExports(await import('@google-cloud/pubsub'));
}
