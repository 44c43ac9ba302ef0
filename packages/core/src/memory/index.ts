/** In-memory ports (result backend, publisher) for tests and benchmarks. */
export { MemoryPublisher } from './MemoryPublisher.js';
export type { PublishedMessage } from './MemoryPublisher.js';
export { MemoryResultStore } from './MemoryResultStore.js';
