import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEBIAN_PYTHON } from './python.js';

const GENERATOR = resolve(new URL('../vectors/generate/generate.py', import.meta.url).pathname);

/** The parts Debian's Celery 5.2.6 regenerates byte for byte. */
const PARTS = [
  'messages/sqs/5.2.6',
  'messages/azure-queue/5.2.6',
  'results/dynamodb/5.2.6',
  'results/azureblockblob/5.2.6',
];

function debianCeleryVersion(): string | undefined {
  const run = spawnSync(DEBIAN_PYTHON, ['-c', 'import celery; print(celery.__version__)'], {
    encoding: 'utf8',
  });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

const version = debianCeleryVersion();
if (version !== '5.2.6') {
  console.warn(
    `!!! SKIPPED the vector generator check: ${DEBIAN_PYTHON} ${version ? `has Celery ${version}` : 'cannot import celery'}, 5.2.6 is needed`,
  );
}

/** Runs the generator with `args`: its exit status and the per-file lines that did not say `match`. */
function runGenerator(args: string[]): { status: number | null; mismatches: string[]; files: number } {
  const run = spawnSync(DEBIAN_PYTHON, [GENERATOR, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 45_000,
  });
  const lines = run.stdout.split('\n').filter((l) => /^\S+\s+\S+\.json/.test(l));
  const mismatches = lines.filter((l) => !l.startsWith('match '));
  if (run.status !== 0 && mismatches.length === 0) mismatches.push(run.stderr || `exit ${run.status}`);
  return { status: run.status, mismatches, files: lines.length };
}

describe.skipIf(version !== '5.2.6')('the vector generator', () => {
  it('regenerates the committed vectors with real Celery 5.2.6', () => {
    const run = runGenerator(['--check', '--only', PARTS.join(',')]);
    expect(run.mismatches).toEqual([]);
    expect(run.files).toBe(60);
    expect(run.status).toBe(0);
  }, 60_000);

  it('recomputes the expect block of every committed message file, 5.6.3 ones included', () => {
    const run = runGenerator(['--check-expect']);
    expect(run.mismatches).toEqual([]);
    expect(run.files).toBe(55);
    expect(run.status).toBe(0);
  }, 60_000);
});
