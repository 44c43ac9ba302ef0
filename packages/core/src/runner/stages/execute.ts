/**
 * Running the admitted task under its time limits (docs/protocol.md §7.1 steps 6-7, docs/runner.md
 * "Time limits"): STARTED first when tracked, then the executor.
 */
import type { TaskCall } from '../../ports.js';
import type { TaskMessage } from '../../types.js';
import { celeryExceptions } from '../celeryExceptions.js';
import { type ExecutionLimits, type LimitedExecution, executeWithLimits } from '../executeWithLimits.js';
import type { Route } from '../routes.js';
import { stateUpdater } from '../updateState.js';
import { type MessageRun, type Outcome, emit, meta, redeliver } from './run.js';
import { fail, storeState } from './store.js';

/** What the executor answered, and whether the soft limit was reached first. */
export type Executed = Extract<LimitedExecution, { kind: 'completed' }>;

type Limits = ExecutionLimits & { hardSeconds: number | null };

/** Run the task; a hard time limit, a lack of time or a failed STARTED write ends the message. */
export async function execute(run: MessageRun, task: TaskMessage, route: Route): Promise<Executed | Outcome> {
  const { deps } = run;
  const limits = limitsOf(run, task);
  if (limits === null) return redeliver(run, 'not enough function time left to run the task safely');

  if (deps.trackStarted && !run.ignoresResults) {
    // Up to Celery 5.6.2 the ignore_result header does not suppress STARTED (docs/protocol.md §7.14).
    const started = meta(run, task, 'STARTED', { pid: process.pid, hostname: deps.workerName });
    const failed = await storeState(run, started);
    if (failed) return failed;
  }

  const call: TaskCall = {
    id: task.id,
    task: task.task,
    args: task.args,
    kwargs: task.kwargs,
    retries: task.retries,
    eta: task.eta,
    expires: task.expires,
    root_id: task.root_id,
    parent_id: task.parent_id,
    group: task.group,
  };
  emit(run, 'task-started', task);
  run.executedAt = performance.now();
  const states = stateUpdater(deps.backend, (status, result) => meta(run, task, status, result));
  const execution = await executeWithLimits(route.executor, call, limits, { updateState: states.update });
  await states.close();
  if (execution.kind === 'hard-limit') {
    // biome-ignore lint/style/noNonNullAssertion: only a hard limit (hardSeconds set) ends in 'hard-limit'
    const exception = celeryExceptions.timeLimitExceeded(limits.hardSeconds!);
    return fail(run, task, { exception, reason: 'hard time limit' });
  }
  return execution;
}

/** The smaller of the message's hard limit and the function's time left; null when none is left. */
function limitsOf(run: MessageRun, task: TaskMessage): Limits | null {
  const [hard, soft] = task.timelimit;
  // Celery treats a zero limit as no limit.
  const messageHardMs = hard ? hard * 1000 : null;
  const remaining = run.context.remainingTimeMs?.();
  const functionMs = remaining === undefined ? null : remaining - run.deps.timeSafetyMarginMs;
  if (functionMs !== null && functionMs <= 0) return null;
  const fromMessage = messageHardMs !== null && (functionMs === null || messageHardMs <= functionMs);
  const hardMs = fromMessage ? messageHardMs : functionMs;
  return {
    hardMs,
    softMs: soft ? soft * 1000 : null,
    hardSeconds: hardMs === null ? null : fromMessage && hard ? hard : Math.round(hardMs) / 1000,
  };
}
