/**
 * A task call and an execution context for executor specs (structurally the core types; the
 * testkit depends on no workspace package).
 *
 * @example
 * ```ts
 * await executor.execute(sampleCall, executionContext());
 * ```
 */
export const sampleCall = {
  id: 't1',
  task: 'reports.build',
  args: [2] as unknown[],
  kwargs: {} as Record<string, unknown>,
  retries: 0,
  eta: null,
  expires: null,
  root_id: 't1',
  parent_id: null,
  group: null,
};

/**
 * A context with ten seconds left and signals that never fire (unless `signal` is given).
 *
 * @example
 * ```ts
 * executionContext(controller.signal);
 * ```
 */
export function executionContext(signal: AbortSignal = new AbortController().signal) {
  return { signal, softSignal: new AbortController().signal, remainingTimeMs: () => 10_000 };
}
