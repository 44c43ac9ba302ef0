import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './devProcess.js';

/** Runs the command as the README documents it, from the repository root. */
function celeryCloud(args: string[]) {
  return spawnSync('pnpm', ['--silent', 'celery-cloud', ...args], { cwd: repoRoot, encoding: 'utf8' });
}

const { version } = JSON.parse(readFileSync(`${repoRoot}/packages/cli/package.json`, 'utf8')) as {
  version: string;
};

describe('celery-cloud --help, --version and bad flags', () => {
  it('prints the commands and exits 0 on --help', () => {
    const r = celeryCloud(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}dev {2}/m);
    expect(r.stdout).toMatch(/^ {2}worker {2}/m);
  });

  it.each(['dev', 'worker', 'decode'])('prints the flags of %s and exits 0 on its --help', (command) => {
    const r = celeryCloud([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`celery-cloud ${command}`);
    expect(r.stdout).toMatch(/^ {2}--\w/m);
    expect(r.stderr).toBe('');
  });

  it('prints the version on --version', () => {
    const r = celeryCloud(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('exits 2 with one line naming an unknown flag and pointing to --help', () => {
    const r = celeryCloud(['dev', '--provider', 'aws', '--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['dev: unknown flag --bogus (see --help)']);
  });
});
