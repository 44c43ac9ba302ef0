/**
 * Settling what the task did, in Celery's order (docs/protocol.md §7.1 steps 8-10): SUCCESS with
 * the canvas hooks around it, FAILURE with its traceback, or a retry.
 */
import type { ResultTuple, TaskMessage } from '../../types.js';
import { celeryExceptions } from '../celeryExceptions.js';
import { exceptionInfoFromError, pythonTraceback } from '../exceptionInfo.js';
import { resultTupleIds } from '../taskEvents.js';
import type { Executed } from './execute.js';
import { rejectedOutcome } from './reject.js';
import { retry } from './retry.js';
import { type MessageRun, type Outcome, ack, emit, hooksAfter, meta, outcomeEvent, runHooks } from './run.js';
import { fail, storeOutcome } from './store.js';

type Returned = Extract<Executed['result'], { status: 'success' }>;

/** Store what the task did: SUCCESS, FAILURE, or a retry published and RETRY stored. */
export function settle(
  run: MessageRun,
  task: TaskMessage,
  { result, softLimitReached }: Executed,
): Promise<Outcome> {
  if (result.status === 'retry') return retry(run, task, result);
  if (result.status === 'reject') return Promise.resolve(rejectedOutcome(run, result));
  if (result.status === 'success') return succeed(run, task, result);
  if (!softLimitReached) return fail(run, task, { exception: result.exception, traceback: result.traceback });
  return fail(run, task, {
    exception: celeryExceptions.softTimeLimitExceeded(),
    traceback: softLimitTraceback(result.traceback),
    reason: 'soft time limit',
  });
}

function softLimitTraceback(traceback: string | null): string {
  const frames = (traceback ?? 'Traceback (most recent call last):\n')
    .split('\n')
    .filter((line) => line !== '');
  const kept = frames.length > 1 ? frames.slice(0, -1) : frames;
  return `${kept.join('\n')}\nbilliard.exceptions.SoftTimeLimitExceeded: SoftTimeLimitExceeded()\n`;
}

async function succeed(run: MessageRun, task: TaskMessage, result: Returned): Promise<Outcome> {
  const children: ResultTuple[] = [];
  const event = { ...outcomeEvent(run, task, children), value: result.value };
  // Like Celery, a callback or chain step that cannot be applied fails the task itself.
  const beforeFailed = await runHooks(run, run.deps.hooks.beforeSuccessStored, event, (error) => {
    const exception = exceptionInfoFromError(error);
    const traceback = pythonTraceback(error, exception, { file: task.task, fn: task.task });
    return fail(run, task, { exception, traceback, reason: 'canvas error' });
  });
  if (beforeFailed) return beforeFailed;
  // The ignore_result header suppresses only SUCCESS up to Celery 5.6.2 (docs/protocol.md §7.14).
  if (!task.ignore_result && !run.ignoresResults) {
    const failed = await storeOutcome(run, meta(run, task, 'SUCCESS', result.value, { children }));
    if (failed) return failed;
  }
  emit(run, 'task-succeeded', task, { result: result.value, children: resultTupleIds(children) });
  const afterFailed = await hooksAfter(run, 'SUCCESS', run.deps.hooks.afterSuccessStored, event);
  return afterFailed ?? ack(run, 'SUCCESS');
}
