/** @celery-cloud/client: send Celery tasks and canvas from TypeScript and await their results. */
export { AsyncResult, poll } from './AsyncResult.js';
export type { GetOptions, ParentResult } from './AsyncResult.js';
export { createClient } from './createClient.js';
export type { CeleryClient, ClientOptions, TypedTask } from './createClient.js';
export { ResultTimeoutError, TaskFailedError } from './errors.js';
export { GroupResult } from './GroupResult.js';
export { chain, chord, freeze, group, resultOf } from './signatures.js';
export type { ApplyOptions, GroupSignature, Signature } from './signatures.js';
