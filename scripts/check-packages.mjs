// pnpm check:packages: build, pack each public package into .tmp/packs/ as `pnpm publish` would,
// and fail on anything a user of the registry would trip over: a manifest that still points at
// sources or `workspace:` ranges, test-only files in the tarball, a missing README/LICENSE/CHANGELOG/types,
// and any report of publint (strict) or arethetypeswrong.
import { join } from 'node:path';
import { buildPackages, packPackages, publicPackages, root, run, step } from './lib/packages.mjs';

const dest = join(root, '.tmp/packs');
const problems = [];
const problem = (name, text) => problems.push(`${name}: ${text}`);

/** What a published manifest and tarball must (not) hold, beyond what publint checks. */
function checkTarball(name, tarball) {
  const entries = run('tar', ['tzf', tarball])
    .split('\n')
    .filter(Boolean)
    .map((e) => e.replace(/^package\//, ''));
  const manifestText = run('tar', ['xzf', tarball, '-O', 'package/package.json']);
  const manifest = JSON.parse(manifestText);
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
    if (!entries.includes(file)) problem(name, `the tarball has no ${file}`);
  }
  for (const entry of entries) {
    if (/(^|\/)src\//.test(entry)) problem(name, `source file in the tarball: ${entry}`);
    if (/\.test\.|__fixtures__|testSupport|\.map$/.test(entry))
      problem(name, `test-only file in the tarball: ${entry}`);
  }
  if (!entries.some((e) => e.startsWith('dist/') && e.endsWith('.d.ts'))) problem(name, 'no .d.ts in dist/');
  if (manifestText.includes('workspace:')) problem(name, 'a workspace: range is left in package.json');
  if (manifestText.includes('@celery-cloud/source')) problem(name, 'the source condition is left in exports');
  if (manifest.license !== 'MIT') problem(name, `license is ${manifest.license}, not MIT`);
  if (manifest.repository?.directory !== `packages/${name.split('/')[1]}`) {
    problem(name, 'repository.directory does not name the package folder');
  }
  for (const field of ['description', 'keywords', 'homepage', 'engines', 'files', 'exports']) {
    if (manifest[field] === undefined) problem(name, `package.json has no ${field}`);
  }
  if (!('sideEffects' in manifest)) problem(name, 'package.json does not declare sideEffects');
  for (const [bin, path] of Object.entries(manifest.bin ?? {})) {
    const file = path.replace(/^\.\//, '');
    if (!entries.includes(file)) problem(name, `bin ${bin} points at ${path}, which is not in the tarball`);
    else if (!run('tar', ['xzf', tarball, '-O', `package/${file}`]).startsWith('#!/usr/bin/env node\n')) {
      problem(name, `bin ${bin} (${path}) has no #!/usr/bin/env node line`);
    }
  }
  return entries.length;
}

let failed = false;
/** One check of one package: a failure is printed and remembered, and the other checks still run. */
async function check(title, fn) {
  try {
    await step(title, fn);
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? error.message : error);
  }
}
try {
  await step('build the packages', async () => buildPackages());
  const packs = await step('pack the packages into .tmp/packs', async () => packPackages(dest));
  for (const { name, tarball } of packs) {
    await check(`${name}: tarball contents and manifest`, async () => {
      const before = problems.length;
      const count = checkTarball(name, tarball);
      if (problems.length > before) throw new Error(problems.slice(before).join('\n'));
      return `${count} files`;
    });
    await check(`${name}: publint --strict`, async () => {
      const out = run('pnpm', ['exec', 'publint', 'run', '--strict', tarball], { cwd: root });
      // Suggestions do not change the exit code: any report at all fails the check.
      if (!out.includes('All good!')) throw new Error(out);
    });
    // The packages are ESM only (`"type": "module"`, Node 20+): a CommonJS `require` of them
    // resolving to ESM (node16-from-CJS) and the pre-exports node10 resolution are not supported
    // targets, which the esm-only profile leaves out. Every other problem fails the check.
    await check(`${name}: attw --profile esm-only`, async () => {
      run('pnpm', ['exec', 'attw', '--profile', 'esm-only', '--format', 'ascii', tarball], { cwd: root });
    });
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
}
console.log(
  failed
    ? 'package check FAILED'
    : `package check passed: ${publicPackages().length} packages in .tmp/packs, nothing reported`,
);
process.exit(failed ? 1 : 0);
