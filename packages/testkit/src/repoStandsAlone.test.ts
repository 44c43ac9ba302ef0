import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('../../../', import.meta.url).pathname);

/** Relative paths written in a file: one or more `../` followed by a name. */
const RELATIVE_PATH = /(?:\.\.\/)+[\w@.-]+/g;

/** Every place a tracked file names a relative path that leaves the repository. */
function pathsLeavingRepo(file: string, text: string): string[] {
  const from = dirname(join(ROOT, file));
  return [...text.matchAll(RELATIVE_PATH)]
    .map((m) => m[0])
    .filter((p) => relative(ROOT, resolve(from, p)).startsWith('..'));
}

function trackedTextFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out
    .split('\0')
    .filter((f) => f !== '' && !f.endsWith('pnpm-lock.yaml'))
    .filter((f) => !/\.(png|jpg|jpeg|gif|ico|woff2?)$/.test(f));
}

describe('the repository stands alone', () => {
  it('has no tracked file that refers to a path outside the repository', () => {
    const offenders = trackedTextFiles().flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const leaving = pathsLeavingRepo(file, text);
      const named = /\bshared\/(?:vectors|spec)\b/.test(text) ? ['shared/(vectors|spec)'] : [];
      return [...leaving, ...named].map((p) => `${file}: ${p}`);
    });
    expect(offenders).toEqual([]);
  });

  it('flags a path that climbs above the root', () => {
    expect(pathsLeavingRepo('docs/a.md', 'see ../../outside/x.md and ../README.md')).toEqual([
      '../../outside/x.md',
    ]);
  });
});
