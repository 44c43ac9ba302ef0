import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The repository root: `dev` is run from there, as `pnpm celery-cloud` does. */
export const repoRoot = resolve(import.meta.dirname, '../../..');

/** A running `celery-cloud dev` child process and its `--json` line. */
export interface DevProcess {
  child: ChildProcessWithoutNullStreams;
  /** The client settings line; its keys depend on the provider. */
  config: {
    broker_url: string;
    queue: string;
    backend_url: string;
    env: Record<string, string>;
    [key: string]: unknown;
  };
  /** Everything the process wrote on stderr so far (progress lines in --json mode). */
  stderr(): string;
  /** Lines written on stdout after the JSON line (there should be none). */
  extraStdout: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/**
 * Start `celery-cloud dev --provider <provider> --json <args>` through the real bin with tsx and
 * wait for its JSON line.
 */
export async function startDevProcess(
  args: string[],
  provider: 'aws' | 'azure' | 'gcp' = 'aws',
): Promise<DevProcess> {
  const child = spawn(
    resolve(repoRoot, 'node_modules/.bin/tsx'),
    [
      '--conditions=@celery-cloud/source',
      'packages/cli/src/bin.ts',
      'dev',
      '--provider',
      provider,
      '--json',
      ...args,
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    new Promise<string>((done) => lines.once('line', done)),
    exited.then((code) => {
      throw new Error(`dev exited with ${code} before printing its config:\n${stderr}`);
    }),
  ]);
  const extraStdout: string[] = [];
  lines.on('line', (line) => extraStdout.push(line));
  return { child, config: JSON.parse(first), stderr: () => stderr, extraStdout, exited };
}

/**
 * A first port p with p..p+count-1 free on 127.0.0.1 (for `--port`), as far as can be told now.
 * Chosen below Linux's ephemeral range (32768-60999): the ports the system hands to every
 * outgoing connection and `listen(0)` of the emulators in parallel test files, any of which could
 * take one in the seconds before the started command binds it.
 */
export async function freePortRange(count: number): Promise<number> {
  const { createServer } = await import('node:net');
  const listen = (port: number) =>
    new Promise<import('node:net').Server | null>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(null));
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (32_768 - 20_000 - count));
    const servers = await Promise.all(Array.from({ length: count }, (_, i) => listen(base + i)));
    await Promise.all(servers.map((s) => s && new Promise((resolve) => s.close(resolve))));
    if (servers.every((s) => s !== null)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

/** A running `celery-cloud worker` child process. */
export interface WorkerProcess {
  child: import('node:child_process').ChildProcess;
  stdout(): string;
  exited: Promise<number | null>;
}

/**
 * Start `celery-cloud worker <args>` through the real bin as one process (node with tsx's loader,
 * so SIGKILL kills the worker itself), with `env` added to this process's environment.
 */
export function startWorkerProcess(args: string[], env: Record<string, string>): WorkerProcess {
  const child = spawn(
    process.execPath,
    ['--import=tsx', '--conditions=@celery-cloud/source', 'packages/cli/src/bin.ts', 'worker', ...args],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on('close', done));
  return { child, stdout: () => stdout, exited };
}
