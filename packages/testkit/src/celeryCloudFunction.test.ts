import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CELERY_CLOUD_FUNCTION_DIR } from './celeryCloudFunction.js';
import { validateJsonSchema } from './jsonSchema.js';
import { DEBIAN_PYTHON, runPython } from './python.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../docs/executor-protocol.schema.json', import.meta.url), 'utf8'),
);

const ANSWERS = `
import json, sys
from celery_cloud_function import remote_function, Retry

@remote_function
def ok(x): return {"x": x}

@remote_function
def bad(x): raise KeyError(x)

@remote_function
def later(x): raise Retry(countdown=3, max_retries=None, exc=TimeoutError("slow"))

request = json.load(sys.stdin)
print(json.dumps([f.handle(request) for f in (ok, bad, later)]))
`;

const python = existsSync(DEBIAN_PYTHON) ? describe : describe.skip;

python('python/celery-cloud-function', () => {
  it('passes its own unit tests (python3 -m unittest)', async () => {
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        DEBIAN_PYTHON,
        ['-m', 'unittest', '-v'],
        {
          cwd: CELERY_CLOUD_FUNCTION_DIR,
          env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
          timeout: 60_000,
        },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
    expect(run.stderr).toMatch(/^Ran \d+ tests/m);
    expect(run.stderr).toMatch(/\nOK\n?$/);
    expect(run.code).toBe(0);
  });

  it('answers as docs/executor-protocol.schema.json says, for a value, an exception and a retry', async () => {
    const request = { args: [1], kwargs: {}, protocol: 'celery-cloud/1', id: 't', name: 'n', task: 'n' };
    const run = await runPython(ANSWERS, {
      input: JSON.stringify(request),
      env: { PYTHONPATH: CELERY_CLOUD_FUNCTION_DIR },
    });
    expect(run.stderr).toBe('');
    const answers = JSON.parse(run.stdout) as unknown[];
    expect(answers.map((a) => (a as { status: string }).status)).toEqual(['success', 'failure', 'retry']);
    for (const answer of answers)
      expect(validateJsonSchema({ $ref: '#/$defs/answer' }, answer, schema)).toEqual([]);
  });
});
