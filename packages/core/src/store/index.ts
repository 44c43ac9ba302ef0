/** Celery's result-store rules over a byte-level key-value port. */
export { SUCCESS_PREFIX, chordCounterKey, groupMetaKey, taskMetaKey } from './celeryKeys.js';
export { createKeyValueResultStore } from './keyValueStore.js';
export type { KeyValueRecord, KeyValueResultStoreOptions, KeyValueStore } from './keyValueStore.js';
export { onceUnlessFailed } from './onceUnlessFailed.js';
export { DEFAULT_STORE_TIMEOUT_MS, storeWithDeadline } from './storeDeadline.js';
