/** @celery-cloud/local/gcp: the gcloud emulators, a local stack and a stand-in push subscription. */
export { hasGcpEmulators, startFirestoreEmulator, startPubSubEmulator } from './startGcpEmulators.js';
export type { GcpEmulator } from './startGcpEmulators.js';
export { startLocalGcp } from './startLocalGcp.js';
export type { LocalGcp } from './startLocalGcp.js';
export { startPubSubPush } from './startPubSubPush.js';
export type { PubSubPush, PubSubPushOptions } from './startPubSubPush.js';
export type { PushedMessageData } from './startPubSubPush.js';
