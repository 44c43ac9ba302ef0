import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('../../../', import.meta.url).pathname);

/** The top-level sections every provider page has, in this order (docs/architecture.md). */
const PROVIDER_OUTLINE = [
  'Pieces',
  'Install',
  'Configuration',
  'Deploy',
  'What is stored',
  'Retries and failures',
  'Local development and tests',
];

const PROVIDER_PAGES = ['docs/aws.md', 'docs/azure.md', 'docs/gcp.md'];

/** The `## ` headings of a Markdown page, outside fenced code blocks. */
function sectionHeadings(markdown: string): string[] {
  let fenced = false;
  const headings: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && line.startsWith('## ')) headings.push(line.slice(3).trim());
  }
  return headings;
}

describe('provider pages share one outline', () => {
  it.each(PROVIDER_PAGES)('%s has exactly the shared top-level sections, in order', (page) => {
    const text = readFileSync(join(ROOT, page), 'utf8');
    expect(sectionHeadings(text)).toEqual(PROVIDER_OUTLINE);
  });

  it.each(PROVIDER_PAGES)('%s installs the published core and its adapter with npm', (page) => {
    const provider = page.replace(/^docs\/|\.md$/g, '');
    const text = readFileSync(join(ROOT, page), 'utf8');
    expect(text).toContain(`npm install @celery-cloud/core @celery-cloud/${provider}`);
  });

  it('finds headings outside code blocks only', () => {
    expect(sectionHeadings('# T\n## A\n```bash\n## not a heading\n```\n## B\n### C\n')).toEqual(['A', 'B']);
  });
});

describe('docs/architecture.md', () => {
  it('names only files and folders that exist (the example cloud "acme" aside)', () => {
    const text = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const named = [...text.matchAll(/`((?:packages|apps|core|cli)\/[\w./-]+)`/g)]
      .map((m) => must(m[1]))
      .filter((path) => !/acme/i.test(path))
      .map((path) => (/^(core|cli)\//.test(path) ? `packages/${path}` : path));
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});
