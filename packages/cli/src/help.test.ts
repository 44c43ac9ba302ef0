import { ConfigError } from '@celery-cloud/core';
import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { parseDevOptions } from './flags/dev.js';
import type { HelpGroup } from './flags/table.js';
import { parseWorkerOptions } from './flags/worker.js';
import { HELP, renderHelp, renderOverview } from './help.js';

type FlagHelp = HelpGroup['flags'][number];

/** The arguments that pass a documented flag: with a placeholder value unless it takes none. */
function argsOf([flag]: FlagHelp): string[] {
  const [name, value] = flag.split(' ');
  return value === undefined ? [must(name)] : [must(name), '1'];
}

/** Whether `parse` knows the flag: any error but "unknown flag" means it was recognised. */
function accepts(parse: (argv: string[]) => unknown, args: string[]): boolean {
  try {
    parse(args);
    return true;
  } catch (error) {
    return !(error instanceof ConfigError && error.message.startsWith('unknown flag'));
  }
}

const groups = (name: string, ...titles: string[]) =>
  must(HELP[name])
    .groups.filter((g) => titles.includes(g.title))
    .flatMap((g) => g.flags);

describe('help', () => {
  const env = { CELERY_CLOUD_QUEUE_URL: 'http://127.0.0.1:1/1/q' };
  const cases: Array<[string, FlagHelp[], (argv: string[]) => unknown]> = [
    [
      'dev --provider aws',
      groups('dev', 'All providers', '--provider aws'),
      (a) => parseDevOptions(['--provider', 'aws', ...a], env),
    ],
    [
      'dev --provider azure',
      groups('dev', 'All providers', '--provider azure'),
      (a) => parseDevOptions(['--provider', 'azure', ...a], env),
    ],
    [
      'dev --provider gcp',
      groups('dev', 'All providers', '--provider gcp'),
      (a) => parseDevOptions(['--provider', 'gcp', ...a], env),
    ],
    [
      'worker --provider aws',
      groups('worker', 'All providers', '--provider aws'),
      (a) => parseWorkerOptions(['--provider', 'aws', ...a], env),
    ],
    [
      'worker --provider azure',
      groups('worker', 'All providers', '--provider azure'),
      (a) => parseWorkerOptions(['--provider', 'azure', ...a], env),
    ],
    [
      'worker --provider gcp',
      groups('worker', 'All providers', '--provider gcp'),
      (a) => parseWorkerOptions(['--provider', 'gcp', ...a], env),
    ],
  ];

  it.each(cases)('documents only flags that %s accepts', (_name, flags, parse) => {
    expect(flags.length).toBeGreaterThan(3);
    expect(flags.filter((f) => !accepts(parse, argsOf(f))).map(([flag]) => flag)).toEqual([]);
  });

  it('a flag nobody documents is refused, so the check above can fail', () => {
    expect(accepts((a) => parseDevOptions(['--provider', 'aws', ...a], env), ['--bogus'])).toBe(false);
  });

  it('shows each provider its own default, from the flag table the parser reads', () => {
    const text = renderHelp('dev', must(HELP.dev));
    expect(text).toMatch(
      /--provider azure:\n(.*\n)*? {2}--batch-size <n> +messages run at once.*\(default: 16\)/,
    );
    expect(parseDevOptions(['--provider', 'azure'], env).options).toMatchObject({ batchSize: 16 });
  });

  it('renders usage, every flag and examples', () => {
    const text = renderHelp('decode', must(HELP.decode));
    expect(text).toContain('celery-cloud decode --transport sqs|azure-queue|pubsub < payload');
    expect(text).toContain('--transport <name>');
    expect(text).toContain('Examples:');
  });

  it('lists every command in the overview', () => {
    const text = renderOverview('1.2.3');
    expect(text).toContain('celery-cloud 1.2.3');
    for (const name of Object.keys(HELP)) expect(text).toContain(`  ${name}`);
  });
});
