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

describe.skipIf(version !== '5.2.6')('the vector generator', () => {
  it('regenerates the committed vectors with real Celery 5.2.6', () => {
    const run = spawnSync(DEBIAN_PYTHON, [GENERATOR, '--check', '--only', PARTS.join(',')], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      timeout: 45_000,
    });
    const lines = run.stdout.split('\n').filter((l) => /^\S+\s+\S+\.json/.test(l));
    expect(run.stderr.includes('Traceback') ? run.stderr : '').toBe('');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => !l.startsWith('match '))).toEqual([]);
    expect(run.status).toBe(0);
  }, 60_000);
});
