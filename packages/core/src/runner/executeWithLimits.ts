/**
 * Runs one executor call under the soft and hard time limits (docs/protocol.md §7.7). The hard limit is a
 * watchdog: the runner stores TimeLimitExceeded itself before the platform kills the function,
 * and abandons (aborts) the executor.
 */
import type { ExecutionContext, ExecutionResult, Executor, TaskCall } from '../ports.js';
import { celeryExceptions } from './celeryExceptions.js';
import { TaskError } from './errors.js';
import { failureFromError } from './exceptionInfo.js';

/** Time limits of one execution in milliseconds; null = none. */
export interface ExecutionLimits {
  hardMs: number | null;
  softMs: number | null;
}

/** How a limited execution ended. `softLimitReached` is true when the soft signal had fired. */
export type LimitedExecution =
  | { kind: 'completed'; result: ExecutionResult; softLimitReached: boolean }
  | { kind: 'hard-limit' };

function softLimitError(): TaskError {
  const info = celeryExceptions.softTimeLimitExceeded();
  return new TaskError({ excType: info.exc_type, excModule: info.exc_module, excMessage: [] });
}

/**
 * Execute `call`, firing `softSignal` at the soft limit and giving up at the hard one.
 * A rejected executor promise becomes a failure result; nothing throws.
 *
 * @example
 * ```ts
 * const outcome = await executeWithLimits(executor, call, { hardMs: 30_000, softMs: 20_000 });
 * ```
 */
export async function executeWithLimits(
  executor: Executor,
  call: TaskCall,
  limits: ExecutionLimits,
  extra: Pick<ExecutionContext, 'updateState'> = {},
): Promise<LimitedExecution> {
  const hard = new AbortController();
  const soft = new AbortController();
  const deadline = limits.hardMs === null ? Number.POSITIVE_INFINITY : performance.now() + limits.hardMs;
  const context: ExecutionContext = {
    signal: hard.signal,
    softSignal: soft.signal,
    remainingTimeMs: () => Math.max(0, deadline - performance.now()),
    ...extra,
  };
  const timers: NodeJS.Timeout[] = [];
  if (limits.softMs !== null) timers.push(setTimeout(() => soft.abort(softLimitError()), limits.softMs));
  const hardLimit = new Promise<LimitedExecution>((resolve) => {
    const { hardMs } = limits;
    if (hardMs === null) return;
    timers.push(
      setTimeout(() => {
        if (!soft.signal.aborted) soft.abort(softLimitError());
        const info = celeryExceptions.timeLimitExceeded(hardMs / 1000);
        hard.abort(
          new TaskError({ excType: info.exc_type, excModule: info.exc_module, excMessage: info.exc_message }),
        );
        resolve({ kind: 'hard-limit' });
      }, hardMs),
    );
  });
  const run = Promise.resolve()
    .then(() => executor.execute(call, context))
    .catch((error: unknown): ExecutionResult => failureFromError(error, call))
    .then(
      (result): LimitedExecution => ({ kind: 'completed', result, softLimitReached: soft.signal.aborted }),
    );
  try {
    return await Promise.race([run, hardLimit]);
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}
