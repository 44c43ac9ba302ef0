// A user's project, built as a user builds it: pack every public package, install the tarballs
// with npm into a throwaway project outside the workspace (registry dependencies resolved
// normally), write TypeScript handlers that use handlerFromEnv with an executor plugin for a new
// scheme (echo://) and defineTask tasks, typecheck them with tsc (strict, NodeNext), bundle them with
// esbuild, and run each bundle against the local emulators of the installed @celery-cloud/local:
// AWS with the stock Python Celery client (Debian's python3-celery) sending over SQS and reading
// DynamoDB with AsyncResult.get(); Azure and Google Cloud with the installed @celery-cloud/client.
// Then the installed celery-cloud command: `decode` of a captured message and `dev --demo`.
//
// pnpm test:consumer   (KEEP_CONSUMER_PROJECT=1 keeps the project; it is kept on failure)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { files } from './lib/consumerProject.mjs';
import { buildPackages, packPackages, publicPackages, root, step } from './lib/packages.mjs';

const PYTHON = '/usr/bin/python3';
const CELERY_CLIENT = join(root, 'packages/testkit/src/celery_client.py');
const VECTOR = join(root, 'packages/testkit/vectors/messages/sqs/5.2.6/plain-args.json');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// The toolchain a user adds, at the versions this workspace builds and tests with.
const toolchain = ['typescript', 'esbuild', '@types/node'].map(
  (name) => `${name}@${rootManifest.devDependencies[name]}`,
);

const childEnv = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  METADATA_SERVER_DETECTION: 'none',
  CELERY_CLIENT_SCRIPT: CELERY_CLIENT,
  PYTHON,
};
// Nothing of the workspace may leak into the project: no pnpm, tsx or source-condition settings.
// A registry or proxy the environment sets for npm is kept.
const npmNetwork = /^npm_config_(registry|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i;
for (const name of Object.keys(childEnv)) {
  if (
    (name.startsWith('npm_') && !npmNetwork.test(name)) ||
    name === 'NODE_OPTIONS' ||
    name === 'PNPM_HOME'
  ) {
    delete childEnv[name];
  }
}

/** Run a command in the project with a time limit; resolve with its output, reject on failure. */
function inProject(dir, command, args, { input, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dir, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ out, err });
      else {
        const why = signal ? `killed by ${signal} (time limit ${timeoutMs / 1000}s)` : `exited ${code}`;
        reject(new Error(`${command} ${args.join(' ')} ${why}\n--- stdout\n${out}\n--- stderr\n${err}`));
      }
    });
    child.stdin.end(input ?? '');
  });
}

function write(dir, path, text) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

// ---------------------------------------------------------------------------------------------

const started = performance.now();
// CONSUMER_PROJECT_DIR=<a kept project> reruns the steps after the install in it, with the sources rewritten.
const reuse = process.env.CONSUMER_PROJECT_DIR;
const dir = reuse ?? mkdtempSync(join(tmpdir(), 'celery-cloud-consumer-'));
let ok = false;
try {
  await step('python client available', async () => {
    const r = spawnSync(PYTHON, ['-c', 'import celery, boto3; print(celery.__version__)'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      throw new Error(`${PYTHON} cannot import celery and boto3 (bash scripts/bootstrap.sh): ${r.stderr}`);
    }
    return `Celery ${r.stdout.trim()}`;
  });
  if (!reuse) {
    await step('build the packages', async () => buildPackages());
    const packs = await step('pack the packages', async () => packPackages(join(dir, 'packs')));
    console.log(`     ${packs.map((p) => p.tarball.split('/').at(-1)).join(', ')}`);
    await step(`npm install the tarballs and ${toolchain.join(', ')} into ${dir}`, async () => {
      write(dir, 'package.json', files['package.json']);
      await inProject(
        dir,
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          ...packs.map((p) => p.tarball),
          ...toolchain,
        ],
        { timeoutMs: 300_000 },
      );
      const installed = publicPackages().filter((p) =>
        existsSync(join(dir, 'node_modules', p.name, 'package.json')),
      );
      if (installed.length !== packs.length) throw new Error('not every package was installed');
      const du = spawnSync('du', ['-sh', 'node_modules'], { cwd: dir, encoding: 'utf8' });
      return `node_modules ${du.stdout.split('\t')[0]}`;
    });
  }
  for (const [path, text] of Object.entries(files)) if (path !== 'package.json') write(dir, path, text);
  await step('typecheck the handlers with tsc (strict, NodeNext)', async () => {
    await inProject(dir, 'npx', ['--no-install', 'tsc', '-p', 'tsconfig.json']);
  });
  await step('bundle the handlers with esbuild', async () => {
    await inProject(dir, 'node', ['bundle.mjs']);
  });
  await step(
    'AWS: Python Celery → SQS → bundled handler (echo:// plugin) → DynamoDB → AsyncResult.get()',
    async () => {
      const { out } = await inProject(dir, 'node', ['aws-roundtrip.mjs'], { timeoutMs: 180_000 });
      return out.trim();
    },
  );
  await step('Azure: client → Azurite queue → bundled handler (echo:// plugin) → Blob → get()', async () => {
    const { out } = await inProject(dir, 'node', ['azure-roundtrip.mjs'], { timeoutMs: 180_000 });
    return out.trim();
  });
  await step(
    'Google Cloud: client → Pub/Sub → bundled function (echo:// plugin) → Firestore → get()',
    async () => {
      const { out } = await inProject(dir, 'node', ['gcp-roundtrip.mjs'], { timeoutMs: 180_000 });
      if (out.trim() === 'SKIPPED') {
        console.log(
          '\n!!! SKIPPED: Java or the gcloud Firestore/Pub/Sub emulator jars are missing: the Google Cloud round trip did not run !!!\n',
        );
        return 'SKIPPED (no emulators)';
      }
      return out.trim();
    },
  );
  await step('npx celery-cloud decode --transport sqs < a captured Celery 5.2.6 message', async () => {
    const vector = JSON.parse(readFileSync(VECTOR, 'utf8'));
    write(dir, 'message.txt', `${vector.raw}\n`);
    const { out } = await inProject(
      dir,
      'npx',
      ['--no-install', 'celery-cloud', 'decode', '--transport', 'sqs'],
      {
        input: readFileSync(join(dir, 'message.txt')),
      },
    );
    const decoded = JSON.parse(out);
    for (const key of ['id', 'task', 'args']) {
      if (JSON.stringify(decoded[key]) !== JSON.stringify(vector.expect[key])) {
        throw new Error(
          `decode: ${key} is ${JSON.stringify(decoded[key])}, expected ${JSON.stringify(vector.expect[key])}`,
        );
      }
    }
    return `${decoded.task}${JSON.stringify(decoded.args)} ${decoded.id}`;
  });
  await step('npx celery-cloud dev --provider aws --demo --tasks src/tasks.ts', async () => {
    const { out } = await inProject(
      dir,
      'npx',
      ['--no-install', 'celery-cloud', 'dev', '--provider', 'aws', '--demo', '--tasks', 'src/tasks.ts'],
      { timeoutMs: 180_000 },
    );
    const demo = out.split('\n').filter((l) => l.startsWith('demo: tasks.'));
    for (const expected of [
      'tasks.add(2, 3) -> 5 (SUCCESS)',
      'tasks.mul(4, 5) -> 20 (SUCCESS)',
      '-> ValueError(',
    ]) {
      if (!demo.some((l) => l.includes(expected)))
        throw new Error(`no demo line with ${expected} in:\n${out}`);
    }
    return demo.map((l) => l.replace(/^demo: /, '').replace(/ \(\w+\) in \d+ ms$/, '')).join('; ');
  });
  ok = true;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  const total = ((performance.now() - started) / 1000).toFixed(1);
  if (ok && !reuse && !process.env.KEEP_CONSUMER_PROJECT) rmSync(dir, { recursive: true, force: true });
  else console.log(`the project is kept in ${dir}`);
  console.log(ok ? `consumer check passed (${total}s)` : `consumer check FAILED (${total}s)`);
}
process.exit(ok ? 0 : 1);
