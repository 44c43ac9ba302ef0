import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CELERY_CLOUD_FUNCTION_DIR } from './celeryCloudFunction.js';
import { DEBIAN_PYTHON } from './python.js';

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
});
