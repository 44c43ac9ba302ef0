/** Celery canvas on serverless workers: callbacks, chains, groups, chords and built-in tasks. */
export { applySignature, publishGroup, publishTask, signatureKind, startChord } from './applySignature.js';
export type { ApplyContext } from './applySignature.js';
export { builtinRoutes } from './builtins.js';
export { canvasHooks } from './canvasHooks.js';
export { chordPartReturned, completeChord, failChord, joinResults, readResultTuples } from './chords.js';
export type { JoinOutcome } from './chords.js';
export { derivedTaskId } from './derivedTaskId.js';
export { queueResolver, signatureQueue } from './queueRoutes.js';
export type { TaskQueueRoutes } from './queueRoutes.js';
export { frozenId, groupMembers, isRecord, readSignature, readSignatures, withOptions } from './signature.js';
export type { CanvasDeps, ChordMode } from './types.js';
