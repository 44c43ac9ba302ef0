// The packages a user installs from the registry, and how to build and pack them as `pnpm publish`
// would: shared by check-packages.mjs and consumer-check.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Every package under packages/ that is not private: `{ name, dir, manifest }`.
 *
 * @example
 * publicPackages().map((p) => p.name); // ['@celery-cloud/aws', ...]
 */
export function publicPackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(root, 'packages', entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, dir, manifest };
    })
    .filter((p) => !p.manifest.private)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Run a command, streaming nothing; throw with its output when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${output}`);
  }
  return result.stdout ?? '';
}

/** Build the public packages (and what they depend on) from a clean dist. */
export function buildPackages() {
  const filters = publicPackages().flatMap((p) => ['--filter', p.name]);
  run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only', ...filters], { cwd: root });
}

/**
 * Pack each public package into `dest` (emptied first) with `pnpm pack`, which rewrites
 * `workspace:` ranges and applies `publishConfig`; returns `{ name, tarball }` per package.
 */
export function packPackages(dest) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  return publicPackages().map((p) => {
    const out = run('pnpm', ['pack', '--pack-destination', dest], { cwd: p.dir });
    const tarball = out.trim().split('\n').at(-1).trim();
    return { name: p.name, tarball: resolve(dest, tarball) };
  });
}

/**
 * Time one step and print a single line with its outcome and duration (and what it returned, when
 * that is text); resolve with what it returned, rethrow a failure.
 */
export async function step(title, fn) {
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  try {
    const value = await fn();
    const detail = typeof value === 'string' && value !== '' ? `: ${value}` : '';
    console.log(`ok   ${title} (${seconds()}s)${detail}`);
    return value;
  } catch (error) {
    console.log(`FAIL ${title} (${seconds()}s)`);
    throw error;
  }
}
