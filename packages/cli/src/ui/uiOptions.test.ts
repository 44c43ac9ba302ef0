import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { parseDevOptions as parseDev } from '../flags/dev.js';
import { parseWorkerOptions } from '../flags/worker.js';

const parseDevOptions = (argv: string[], env: Record<string, string>) => parseDev(argv, env).options;

describe('--ui and --ui-port', () => {
  it('are off by default, --ui picks a free port, --ui-port names one and implies --ui', () => {
    expect(parseDevOptions(['--provider', 'aws'], {})).toMatchObject({ ui: false, uiPort: 0 });
    expect(parseDevOptions(['--provider', 'aws', '--ui'], {})).toMatchObject({ ui: true, uiPort: 0 });
    expect(parseDevOptions(['--provider', 'aws', '--ui-port', '8555'], {})).toMatchObject({
      ui: true,
      uiPort: 8555,
    });
    const worker = parseWorkerOptions(
      ['--provider', 'aws', '--queue-url', 'http://127.0.0.1:1/q', '--ui'],
      {},
    );
    expect(worker).toMatchObject({ ui: true, uiPort: 0 });
  });

  it('refuses a port that is not one', () => {
    expect(() => parseDevOptions(['--provider', 'aws', '--ui-port', '70000'], {})).toThrow(ConfigError);
    expect(() => parseDevOptions(['--provider', 'aws', '--ui-port', 'x'], {})).toThrow(/--ui-port/);
  });
});
