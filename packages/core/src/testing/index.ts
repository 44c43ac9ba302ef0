/** `@celery-cloud/core/testing`: in-memory ports and runner factories for tests and benchmarks. */
export { MemoryPublisher, MemoryResultStore } from '../memory/index.js';
export type { PublishedMessage } from '../memory/index.js';
export { capturingLogger, sqsMessage, steppingClock, testRunner } from './testRunner.js';
export { interopTasks } from './interopTasks.js';
export type { InteropTasks } from './interopTasks.js';
