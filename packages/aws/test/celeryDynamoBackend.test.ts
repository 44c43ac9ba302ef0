import { LOCAL_CREDENTIALS, type LocalAwsStackWithConfig, startLocalAwsStack } from '@celery-cloud/local/aws';
import { hasPythonCelery, runPython } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResultStore } from '../src/index.js';

/** Celery 5.2's own DynamoDB backend: stores two results, then reads the ids given in argv. */
const SCRIPT = `
import json, sys
from celery import Celery
app = Celery("interop", backend=sys.argv[1])
app.backend.store_result("py-ok", {"n": 2 ** 64, "s": "é"}, "SUCCESS")
app.backend.store_result("py-bad", ValueError("from python"), "FAILURE", traceback="Traceback (most recent call last):\\nValueError: from python\\n")
out = {}
for task_id in json.loads(sys.argv[2]):
    r = app.AsyncResult(task_id)
    entry = {"state": r.state}
    if r.state == "SUCCESS":
        entry["value"] = repr(r.get(timeout=5))
    elif r.state in ("FAILURE", "REVOKED"):
        exc = r.result
        entry["exc"] = type(exc).__module__ + "." + type(exc).__qualname__ + repr(exc.args)
    else:
        entry["result"] = repr(r.result)
    out[task_id] = entry
print(json.dumps(out))
`;

const python = hasPythonCelery() ? describe : describe.skip;

python("Celery 5.2's DynamoDB backend and our result store read each other", () => {
  let stack: LocalAwsStackWithConfig;
  beforeAll(async () => {
    stack = await startLocalAwsStack();
  });
  afterAll(() => stack.stop());

  it('reads every record we write, and we read the records it writes', async () => {
    const store = createResultStore({ client: stack.dynamo, table: stack.table, dateFormat: 'naive' });
    const done = { traceback: null, children: [], date_done: new Date() };
    await store.set({ ...done, task_id: 'ts-ok', status: 'SUCCESS', result: [1, 2n ** 64n, 'ü'] });
    await store.set({
      ...done,
      task_id: 'ts-bad',
      status: 'FAILURE',
      result: { exc_type: 'ZeroDivisionError', exc_message: ['division by zero'], exc_module: 'builtins' },
      traceback:
        'Traceback (most recent call last):\n  File "tasks.ts", line 1, in div\nZeroDivisionError: division by zero\n',
    });
    await store.set({
      ...done,
      task_id: 'ts-retry',
      status: 'RETRY',
      result: null,
      date_done: null,
      children: [[['ts-retry', null], null]],
    });
    await store.set({
      ...done,
      task_id: 'ts-revoked',
      status: 'REVOKED',
      result: { exc_type: 'TaskRevokedError', exc_message: ['expired'], exc_module: 'celery.exceptions' },
    });

    const ids = ['ts-ok', 'ts-bad', 'ts-retry', 'ts-revoked', 'ts-missing'];
    const run = await runPython(SCRIPT, {
      args: [stack.python.backend_url, JSON.stringify(ids)],
      env: {
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: stack.region,
      },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      'ts-ok': { state: 'SUCCESS', value: "[1, 18446744073709551616, 'ü']" },
      'ts-bad': { state: 'FAILURE', exc: "builtins.ZeroDivisionError('division by zero',)" },
      'ts-retry': { state: 'RETRY', result: 'None' },
      'ts-revoked': { state: 'REVOKED', exc: "celery.exceptions.TaskRevokedError('expired',)" },
      'ts-missing': { state: 'PENDING', result: 'None' },
    });

    expect(await store.get('py-ok')).toMatchObject({ status: 'SUCCESS', result: { n: 2n ** 64n, s: 'é' } });
    expect(await store.get('py-bad')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'ValueError', exc_message: ['from python'], exc_module: 'builtins' },
      traceback: 'Traceback (most recent call last):\nValueError: from python\n',
    });
  }, 60_000);
});
