/**
 * The rules every remote executor keeps, as one suite each implementation runs: `lambda://`,
 * `azurefunction://`, `gcf://` and `http(s)://`. The same functions are hosted on 127.0.0.1 behind
 * each transport; what they answer must come out of the executor as the same outcome, and the
 * remote-call policy (transport retries, circuit breaker, time left) must hold the same way.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { executionContext, sampleCall } from '../executorCall.js';

/** An executor, structurally (core's `Executor`). */
interface ExecutorLike {
  execute(
    call: typeof sampleCall,
    context: ReturnType<typeof executionContext>,
  ): Promise<{ status: string } & Record<string, unknown>>;
}

/** The functions the suite hosts: the executor-protocol request in, the answer (a JSON value) out. */
export interface ContractFunctions {
  functions: Record<string, (request: Record<string, unknown>) => unknown>;
  /** Whether this call must be answered the transport's transient way, before the function runs
   * (Lambda: 429 `TooManyRequestsException`; HTTP: a 5xx without a protocol answer). */
  throttled(name: string): boolean;
}

/** The functions hosted by one transport. */
export interface HostedFunctions {
  /** An executor for a route to the function `name`, with the route fragment `fragment`
   * (policy options such as `#attempts=1`, or ''). A new invoker each time: no shared breaker. */
  executor(name: string, fragment: string): ExecutorLike;
  stop(): Promise<void>;
}

/** What an implementation gives {@link describeExecutorContract}. */
export interface ExecutorContract {
  /** Host the functions on 127.0.0.1 behind the transport. */
  host(functions: ContractFunctions): Promise<HostedFunctions>;
  /** An executor whose route points at 127.0.0.1 where nothing listens, with `fragment`, and how
   * its failure names the target. */
  unreachable(fragment: string): { executor: ExecutorLike; target: string };
}

const V1 = 'celery-cloud/1';
const TRACEBACK = 'Traceback (most recent call last):\n  File "f.py", line 1, in f\nKeyError: \'sheet\'\n';

/**
 * Registers the executor contract tests in the current `describe` block.
 *
 * @example
 * ```ts
 * describe('http(s):// executor', () => describeExecutorContract({ host, unreachable }));
 * ```
 */
export function describeExecutorContract(contract: ExecutorContract): void {
  const calls = new Map<string, number>();
  /** `flaky` is throttled on its first two calls of each test that resets it; `down` always. */
  let flakyLeft = 0;
  let hosted: HostedFunctions;
  beforeAll(async () => {
    hosted = await contract.host({
      functions: {
        echo: (request) => ({ protocol: V1, status: 'success', result: [request.name, request.args] }),
        fails: () => ({
          protocol: V1,
          status: 'failure',
          exc_type: 'KeyError',
          exc_module: 'builtins',
          exc_message: ['sheet'],
          traceback: TRACEBACK,
        }),
        retries: () => ({ protocol: V1, status: 'retry', retry: { countdown: 30, max_retries: 5 } }),
        unknownVersion: () => ({ protocol: 'celery-cloud/9', status: 'success', result: 1 }),
        slow: () => new Promise((resolve) => setTimeout(() => resolve(null), 1_500)),
        flaky: () => ({ protocol: V1, status: 'success', result: 'ready' }),
        down: () => null,
      },
      throttled: (name) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        if (name === 'down') return true;
        if (name !== 'flaky' || flakyLeft === 0) return false;
        flakyLeft -= 1;
        return true;
      },
    });
  });
  afterAll(() => hosted.stop());
  const run = (name: string, fragment = '') =>
    hosted.executor(name, fragment).execute(sampleCall, executionContext());

  it('sends the task and returns the value the function answers', async () => {
    expect(await run('echo')).toEqual({ status: 'success', value: [sampleCall.task, sampleCall.args] });
  });

  it('returns the failure the function reports, Python exception type and traceback kept', async () => {
    expect(await run('fails')).toEqual({
      status: 'failure',
      exception: { exc_type: 'KeyError', exc_module: 'builtins', exc_message: ['sheet'] },
      traceback: TRACEBACK,
    });
  });

  it('returns a retry answer as a retry request', async () => {
    expect(await run('retries')).toMatchObject({ status: 'retry', countdown: 30, maxRetries: 5 });
  });

  it('fails with ProtocolError on an answer of an unknown protocol version, never a success', async () => {
    expect(await run('unknownVersion')).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'ProtocolError', exc_module: 'celery_cloud.errors' },
    });
  });

  it('repeats a throttled call up to the attempts of the policy, then returns the answer', async () => {
    flakyLeft = 2;
    calls.set('flaky', 0);
    expect(await run('flaky', '#attempts=3&backoff_ms=1')).toEqual({ status: 'success', value: 'ready' });
    expect(calls.get('flaky')).toBe(3);
  });

  it('opens the circuit after the threshold of failed calls and then fails fast without calling', async () => {
    calls.set('down', 0);
    const down = hosted.executor('down', '#attempts=1&breaker_threshold=2');
    for (let i = 0; i < 2; i++) {
      expect((await down.execute(sampleCall, executionContext())).status).toBe('failure');
    }
    expect(await down.execute(sampleCall, executionContext())).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'CircuitOpenError', exc_module: 'celery_cloud.errors' },
    });
    expect(calls.get('down')).toBe(2);
  });

  it('stops waiting when the time limit aborts the call and returns a failure', async () => {
    const started = Date.now();
    const result = await hosted
      .executor('slow', '#attempts=1')
      .execute(sampleCall, executionContext(AbortSignal.timeout(100)));
    expect(result.status).toBe('failure');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('returns a failure naming the target when nothing answers at its address', async () => {
    const { executor, target } = contract.unreachable('#attempts=1');
    const result = await executor.execute(sampleCall, executionContext());
    expect(result).toMatchObject({
      status: 'failure',
      exception: { exc_message: [expect.stringContaining(target)] },
    });
  });
}
