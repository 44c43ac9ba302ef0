import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;
const CLOUD_SDK = /from\s+['"](@aws-sdk|@azure|@google-cloud|aws-lambda)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('packages/core dependencies', () => {
  it('imports no cloud SDK and no provider package', () => {
    const offenders = sourceFiles(SRC).filter((file) => {
      const text = readFileSync(file, 'utf8');
      return CLOUD_SDK.test(text) || /from\s+['"]@celery-cloud\/(aws|azure|gcp|cli)/.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('declares no cloud SDK in its package.json', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const deps = Object.keys(pkg.dependencies ?? {});
    expect(deps.filter((d) => CLOUD_SDK.test(`from '${d}'`))).toEqual([]);
    expect(deps.length).toBeGreaterThan(0);
  });
});
