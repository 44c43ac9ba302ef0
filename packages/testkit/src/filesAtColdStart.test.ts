import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesAtColdStart } from './filesAtColdStart.js';

describe('filesAtColdStart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows static imports transitively and leaves chunks reached only through import()', () => {
    writeFileSync(
      join(dir, 'index.mjs'),
      'import{a}from"./chunk-A.mjs";import"./chunk-B.mjs";const l=()=>import("./lazy.mjs");',
    );
    writeFileSync(join(dir, 'chunk-A.mjs'), 'import{b}from"./chunk-B.mjs";export const a=1;');
    writeFileSync(join(dir, 'chunk-B.mjs'), 'import{a}from"./chunk-A.mjs";export const b=2;');
    writeFileSync(join(dir, 'lazy.mjs'), 'import{b}from"./chunk-C.mjs";');
    writeFileSync(join(dir, 'chunk-C.mjs'), '');
    expect(filesAtColdStart(join(dir, 'index.mjs')).sort()).toEqual([
      'chunk-A.mjs',
      'chunk-B.mjs',
      'index.mjs',
    ]);
  });
});
