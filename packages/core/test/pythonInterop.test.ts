import { readFileSync } from 'node:fs';
import { hasPythonCelery, runPython } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { encodeResultMeta, encodeTaskMessage, wrapForTransport } from '../src/codec/index.js';
import type { ResultMeta, WireValue } from '../src/types.js';

const SCRIPT = readFileSync(new URL('./python/celery_reads.py', import.meta.url), 'utf8');

/** Sends each item to Celery 5.2's own reading code (one Python process) and returns its answers. */
async function celeryReads(items: object[]): Promise<Record<string, unknown>[]> {
  const run = await runPython(SCRIPT, { input: items.map((i) => JSON.stringify(i)).join('\n') });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const python = hasPythonCelery() ? describe : describe.skip;
if (!hasPythonCelery()) {
  console.warn(
    '\n!!! SKIPPED: Debian python3-celery is not installed; run scripts/bootstrap.sh as root !!!\n',
  );
}

python('Celery 5.2 reads what the codec writes', () => {
  it('accepts our protocol-2 messages through kombu SQS and the worker Request', async () => {
    const args: WireValue[] = [2n ** 64n, 'é😀', { nested: [1, { deep: null }] }, -7, 0.5];
    const envelope = encodeTaskMessage({
      id: 'interop-1',
      task: 'proj.tasks.add',
      args,
      kwargs: { big: -(2n ** 70n), text: 'naïve' },
      eta: '2026-11-23T21:28:36.238985+00:00',
      expires: '2026-11-23T22:28:36+01:00',
      retries: 2,
      parent_id: 'parent-1',
    });
    const [seen] = await celeryReads([{ kind: 'message', sqs_body: wrapForTransport(envelope, 'sqs') }]);
    expect(seen).toEqual({
      id: 'interop-1',
      task: 'proj.tasks.add',
      args: [Number(2n ** 64n), 'é😀', { nested: [1, { deep: null }] }, -7, 0.5],
      kwargs: { big: Number(-(2n ** 70n)), text: 'naïve' },
      eta: '2026-11-23T21:28:36.238985+00:00',
      expires: '2026-11-23T22:28:36+01:00',
      retries: 2,
      root_id: 'interop-1',
      parent_id: 'parent-1',
      argsrepr: "(18446744073709551616, 'é😀', {'nested': [1, {'deep': None}]}, -7, 0.5)",
      content_type: 'application/json',
    });
  });

  it('keeps integers beyond 2^53 exact on the Python side', async () => {
    const big = 12345678901234567890123n;
    const envelope = encodeTaskMessage({ id: 'interop-2', task: 'proj.tasks.big', args: [big], kwargs: {} });
    const script = `${SCRIPT.split('for line in sys.stdin:')[0]}
import json as _j
item = _j.loads(sys.stdin.read())
print(read_message(item["sqs_body"])["args"][0] == ${big})`;
    const run = await runPython(script, {
      input: JSON.stringify({ sqs_body: wrapForTransport(envelope, 'sqs') }),
    });
    expect(run.stdout.trim()).toBe('True');
  });

  it('reads our result documents as the right state, value and exception', async () => {
    const base = { traceback: null, children: [], date_done: new Date('2025-06-01T12:00:00.250Z') };
    const metas: ResultMeta[] = [
      { ...base, task_id: 'ok', status: 'SUCCESS', result: { sum: 2n ** 64n, list: [1, 'two'] } },
      {
        ...base,
        task_id: 'bad',
        status: 'FAILURE',
        result: { exc_type: 'ValueError', exc_message: ['x'], exc_module: 'builtins' },
        traceback: 'Traceback (most recent call last):\n  File "tasks.ts", line 3, in add\nValueError: x\n',
      },
      {
        ...base,
        task_id: 'exp',
        status: 'REVOKED',
        result: { exc_type: 'TaskRevokedError', exc_message: ['expired'], exc_module: 'celery.exceptions' },
      },
    ];
    const seen = await celeryReads(
      metas.map((m) => ({ kind: 'meta', text: encodeResultMeta(m, { dateFormat: 'naive' }) })),
    );
    expect(seen).toEqual([
      {
        status: 'SUCCESS',
        date_done: '2025-06-01T12:00:00.250000',
        result_repr: "{'sum': 18446744073709551616, 'list': [1, 'two']}",
      },
      {
        status: 'FAILURE',
        date_done: '2025-06-01T12:00:00.250000',
        exc_class: 'builtins.ValueError',
        exc_args: ["'x'"],
      },
      {
        status: 'REVOKED',
        date_done: '2025-06-01T12:00:00.250000',
        exc_class: 'celery.exceptions.TaskRevokedError',
        exc_args: ["'expired'"],
      },
    ]);
  });
});
