import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { hasGcpEmulators } from '@celery-cloud/local/gcp';
import { must } from '@celery-cloud/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from './devProcess.js';

type Provider = 'aws' | 'azure' | 'gcp';

/** Every process below `root`, read from /proc. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while the table was read.
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

/** The command line of `pid`; empty once it has ended (a short-lived helper seen by `descendants`). */
function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return state.slice(state.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

/**
 * Start the stack as a user does (`pnpm celery-cloud dev ...`), wait for its configuration line,
 * and return pnpm's pid, every process below it and the local ports it printed.
 */
async function startThroughPnpm(provider: Provider) {
  // Its own process group, as a terminal gives the command it runs (Ctrl-C signals the group).
  const child = spawn('pnpm', ['--silent', 'celery-cloud', 'dev', '--provider', provider, '--json'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`dev exited with ${code}: ${stderr}`)));
  });
  const ports = [
    ...new Set([...line.matchAll(/(?:127\.0\.0\.1|localhost):(\d+)/g)].map((m) => Number(m[1]))),
  ];
  const stack = { pnpm: child, processes: descendants(must(child.pid)), ports };
  started.push(stack);
  return stack;
}

/** Stacks of this file's tests: whatever a failed test leaves running is killed after it. */
const started: Array<{ processes: number[] }> = [];
afterEach(() => {
  for (const pid of started.flatMap((s) => s.processes).filter(alive)) process.kill(pid, 'SIGKILL');
  started.length = 0;
});

const providers: Array<[Provider, boolean]> = [
  ['aws', true],
  ['azure', true],
  ['gcp', hasGcpEmulators()],
];
if (!hasGcpEmulators())
  console.warn('\n!!! SKIPPED: the gcloud emulator jars are absent: no GCP lifetime test !!!\n');

type Stack = Awaited<ReturnType<typeof startThroughPnpm>>;

/** The command's own process (node running the CLI), below pnpm and its shell. */
function commandOf(stack: Stack): number {
  const pid = stack.processes.find((p) => cmdline(p).includes('bin.ts'));
  if (pid === undefined) throw new Error('no celery-cloud process below pnpm');
  return pid;
}

/** Every way a user stops the stack. */
const STOPS: Record<string, (stack: Stack) => void> = {
  'killing the pnpm that started it': (stack) => stack.pnpm.kill('SIGTERM'),
  'Ctrl-C (SIGINT to the process group)': (stack) => process.kill(-must(stack.pnpm.pid), 'SIGINT'),
  'SIGTERM to the command': (stack) => process.kill(commandOf(stack), 'SIGTERM'),
  'closing the terminal (SIGHUP to the command)': (stack) => process.kill(commandOf(stack), 'SIGHUP'),
};

const cases = providers
  .filter(([, available]) => available)
  .flatMap(([provider]) => Object.keys(STOPS).map((stop) => [provider, stop] as const));

describe('celery-cloud dev leaves nothing behind', () => {
  it.each(cases)(
    '%s: %s stops every child process and frees every port',
    async (provider, stop) => {
      const stack = await startThroughPnpm(provider);
      expect(stack.processes.length).toBeGreaterThan(0);
      expect(stack.ports.length).toBeGreaterThan(0);
      expect(await listening(must(stack.ports[0]))).toBe(true);

      must(STOPS[stop])(stack);

      const gone = await waitFor(() => stack.processes.every((pid) => !alive(pid)), 45_000);
      expect(stack.processes.filter(alive)).toEqual([]);
      expect(gone).toBe(true);
      for (const port of stack.ports) expect(await listening(port)).toBe(false);
    },
    90_000,
  );
});
