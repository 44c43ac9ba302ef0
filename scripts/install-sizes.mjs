// node scripts/install-sizes.mjs: what a production install of each provider weighs. Packs the
// packages, then for each provider runs `npm install --omit=dev` of the core and adapter tarballs
// in a fresh temporary project and prints `du -sh node_modules`: "after" as published now, and
// "before" with the runtime dependencies the adapters had until the emulators moved to
// @celery-cloud/local (dynalite and local-aws-sqs in aws, azurite in azure, and the unused
// functions-framework in gcp), at the versions they had then. Takes a few minutes (network).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackages, packPackages, root, run, step } from './lib/packages.mjs';

const formerDependencies = {
  aws: ['dynalite@4.0.0', 'local-aws-sqs@2.0.2'],
  azure: ['azurite@3.35.0'],
  gcp: ['@google-cloud/functions-framework@5.0.5'],
};

await step('build the packages', async () => buildPackages());
const packs = await step('pack the packages', async () => packPackages(join(root, '.tmp/packs')));
const tarball = (name) => packs.find((p) => p.name === name).tarball;

const rows = [];
for (const provider of ['aws', 'azure', 'gcp']) {
  for (const when of ['before', 'after']) {
    const extra = when === 'before' ? formerDependencies[provider] : [];
    const dir = mkdtempSync(join(tmpdir(), `celery-cloud-size-${provider}-`));
    try {
      writeFileSync(join(dir, 'package.json'), '{"name":"size","private":true,"type":"module"}\n');
      const size = await step(`core + ${provider} (${when})`, async () => {
        run(
          'npm',
          [
            'install',
            '--omit=dev',
            '--no-audit',
            '--no-fund',
            '--loglevel=error',
            tarball('@celery-cloud/core'),
            tarball(`@celery-cloud/${provider}`),
            ...extra,
          ],
          { cwd: dir },
        );
        return run('du', ['-sh', 'node_modules'], { cwd: dir }).split('\t')[0];
      });
      rows.push(`| core + ${provider} | ${when} | ${extra.join(', ') || '-'} | ${size} |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
console.log('\n| install | when | former dependencies added | `du -sh node_modules` |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(row);
