/**
 * What the "nothing waits forever in PENDING" specs of every cloud share: remote functions that
 * answer a retry as Python's `json.dumps` writes it, the results of a few lines of Python client
 * code, and the decompression bombs every runner must refuse with a stored DecodeError.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { type CeleryClientConfig, type CeleryOutcome, celeryCanvas } from './celeryClient.js';

/** A running {@link startPythonRetryAnswers}. */
export interface PythonRetryAnswers {
  /** `TASKS` routes: `web.inf` (retry with countdown `Infinity`), `web.floats` (one retry in floats). */
  routes: { 'web.inf': string; 'web.floats': string };
  stop(): Promise<void>;
}

/**
 * HTTP functions on 127.0.0.1 answering 503 with a retry as Python writes it: `/inf` asks a retry
 * with `countdown` `Infinity` (`float('inf')`); `/floats` asks one retry with `countdown` 1.0 and
 * `max_retries` 1.0, then answers `"retried"`.
 *
 * @example
 * ```ts
 * const answers = await startPythonRetryAnswers();
 * const env = { ...stack.env, TASKS: JSON.stringify(answers.routes) };
 * ```
 */
export async function startPythonRetryAnswers(): Promise<PythonRetryAnswers> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const call = JSON.parse(body) as { retries: number };
      const answer = (status: number, text: string) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(text);
      if (req.url === '/inf') return answer(503, '{"retry": {"countdown": Infinity}}');
      if (call.retries === 0) return answer(503, '{"retry": {"countdown": 1.0, "max_retries": 1.0}}');
      return answer(200, '"retried"');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    routes: { 'web.inf': `${base}/inf`, 'web.floats': `${base}/floats` },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The result each line of Python client code (binding `result`) ends with, every `get()` waiting
 * `timeout` seconds.
 *
 * @example
 * ```ts
 * const [big] = await celeryOutcomes(stack.python, ["result = app.send_task('proj.big', args=[500_000])"]);
 * ```
 */
export async function celeryOutcomes(
  config: CeleryClientConfig,
  code: string[],
  timeout = 20,
): Promise<CeleryOutcome[]> {
  const outcomes = await celeryCanvas(
    config,
    code.map((c) => ({ code: c, timeout })),
  );
  return outcomes.map((c) => c.result);
}

/**
 * Send a gzip amplification bomb and a bzip2 decompression bomb to `proj.echo` and expect each
 * refused with a stored `DecodeError` naming the limit it hit.
 *
 * @example
 * ```ts
 * it('refuses decompression and amplification bombs', () => expectDecodeBombsRefused(stack.python), 90_000);
 * ```
 */
export async function expectDecodeBombsRefused(config: CeleryClientConfig): Promise<void> {
  const [objects, bzip2] = await celeryOutcomes(config, [
    "result = app.send_task('proj.echo', args=[[{}] * 1_500_000], compression='gzip')",
    "result = app.send_task('proj.echo', args=[' ' * 20_000_000], compression='bzip2')",
  ]);
  expect(objects).toMatchObject({ state: 'FAILURE', exc_class: 'kombu.exceptions.DecodeError' });
  expect(objects?.exc_args?.[0]).toContain('maxElements');
  expect(bzip2).toMatchObject({ state: 'FAILURE', exc_class: 'kombu.exceptions.DecodeError' });
  expect(bzip2?.exc_args?.[0]).toContain('maxDecompressedBytes');
}
