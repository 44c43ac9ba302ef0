/** Celery canvas on serverless workers: what adapters and the CLI apply or configure. */
export { applySignature, signatureKind, startChord } from './applySignature.js';
export type { ApplyContext } from './applySignature.js';
export { queueResolver } from './queueRoutes.js';
export type { TaskQueueRoutes } from './queueRoutes.js';
export type { CanvasDeps, ChordMode } from './types.js';
