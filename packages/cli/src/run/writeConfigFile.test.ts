import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeConfigFile } from './writeConfigFile.js';

describe('writeConfigFile', () => {
  it('writes the configuration as one JSON line, creating missing folders, leaving nothing beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'config-out-'));
    const path = join(dir, 'nested', 'dev.json');
    await writeConfigFile(path, { broker_url: 'sqs://x', queue: 'celery' });
    expect(await readFile(path, 'utf8')).toBe('{"broker_url":"sqs://x","queue":"celery"}\n');
    expect(await readdir(join(dir, 'nested'))).toEqual(['dev.json']);
  });
});
