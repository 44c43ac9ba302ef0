import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hasGcpEmulators } from '@celery-cloud/local/gcp';
import { hasPythonCelery, must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './devProcess.js';

/**
 * The command blocks of the docs that a reader is meant to run, marked in the Markdown by a
 * comment above the block: `<!-- run: expect "text" -->` (all of the block) or
 * `<!-- run: first-line, expect "text" -->` (the README's first block, whose second line is the
 * test command itself).
 */
interface DocumentedCommand {
  file: string;
  line: number;
  script: string;
  expected: string;
}

const DOCS = ['README.md', 'docs/dev.md', 'examples/README.md'];
const MARKER = /^<!-- run:( first-line,)? expect "((?:[^"\\]|\\.)*)" -->\n```bash\n([\s\S]*?)\n```/gm;

function documentedCommands(): DocumentedCommand[] {
  return DOCS.flatMap((file) => {
    const text = readFileSync(`${repoRoot}/${file}`, 'utf8');
    return [...text.matchAll(MARKER)].map((m) => ({
      file,
      line: text.slice(0, m.index).split('\n').length,
      script: m[1] ? must(must(m[3]).split('\n')[0]) : must(m[3]),
      expected: must(m[2]).replace(/\\(.)/g, '$1'),
    }));
  });
}

/** Run a block as a reader pastes it into bash, from the repository root. */
function runBlock(script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

const commands = documentedCommands();
const needsPython = (c: DocumentedCommand) => c.script.includes('python3');
const needsGcp = (c: DocumentedCommand) => c.script.includes('--provider gcp');
if (!hasPythonCelery())
  console.warn('\n!!! SKIPPED: documented commands that use Debian python3-celery !!!\n');
if (!hasGcpEmulators())
  console.warn('\n!!! SKIPPED: documented commands that need the gcloud emulators !!!\n');
const runnable = commands.filter(
  (c) => (hasPythonCelery() || !needsPython(c)) && (hasGcpEmulators() || !needsGcp(c)),
);

describe('every documented command works as written', () => {
  it('finds the main command, the Python client snippet, decode and dev for each provider', () => {
    const scripts = commands.map((c) => c.script).join('\n');
    expect(scripts).toContain('pnpm start');
    expect(scripts).toContain('examples/client.py');
    expect(scripts).toContain('celery-cloud decode');
    for (const provider of ['aws', 'azure', 'gcp']) expect(scripts).toContain(`--provider ${provider}`);
  });

  it.each(runnable.map((c) => [`${c.file}:${c.line}`, c] as const))(
    '%s',
    async (_where, command) => {
      const { code, output } = await runBlock(command.script);
      expect(output).toContain(command.expected);
      expect(code).toBe(0);
    },
    180_000,
  );
});
