import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import type { ExecutorPlugin } from '../ports.js';
import { parseRoutes } from './routes.js';

const echo: ExecutorPlugin = {
  scheme: 'echo',
  create: (url) => ({ execute: async () => ({ status: 'success', value: url.host }) }),
};

describe('parseRoutes', () => {
  it('resolves a task to the executor of its URL scheme and redacts the URL', () => {
    const routes = parseRoutes('{"proj.add": "echo://user:pw@host/path?token=abc"}', [echo]);
    expect(routes.resolve('proj.add')?.url).toBe('echo://***@host/path?token=***');
    expect(routes.resolve('proj.other')).toBeNull();
  });

  it("masks the route URL's secrets in whatever any plugin answers or throws", async () => {
    const leaky: ExecutorPlugin = {
      scheme: 'leaky',
      create: (url) => ({
        execute: async (call) => {
          if (call.task === 'throw') throw new Error(`cannot reach ${url.href}`);
          return { status: 'success', value: { echoed: url.searchParams.get('key') } };
        },
      }),
    };
    const routes = parseRoutes({ '*': 'leaky://user:pass-word-1@host/f?key=fn-key-123' }, [leaky]);
    const executor = must(routes.resolve('any')).executor;
    const context = {
      signal: new AbortController().signal,
      softSignal: new AbortController().signal,
      remainingTimeMs: () => 1000,
    };
    const call = {
      id: 'i',
      task: 'ok',
      args: [],
      kwargs: {},
      retries: 0,
      eta: null,
      expires: null,
      root_id: null,
      parent_id: null,
      group: null,
    };
    expect(await executor.execute(call, context)).toEqual({ status: 'success', value: { echoed: '***' } });
    const thrown = await executor.execute({ ...call, task: 'throw' }, context);
    expect(thrown).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'Exception', exc_message: ['cannot reach leaky://***:***@host/f?key=***'] },
    });
  });

  it('falls back to the * route for names without their own route', () => {
    const routes = parseRoutes({ '*': 'echo://fallback', 'proj.add': 'echo://add' }, [echo]);
    expect(routes.resolve('proj.sub')?.task).toBe('*');
    expect(routes.exact('proj.sub')).toBeNull();
    expect(routes.exact('proj.add')?.task).toBe('proj.add');
  });

  it('reads an authority with colons (a Lambda ARN, name:alias) as if percent-encoded', async () => {
    const routes = parseRoutes(
      {
        'img.resize': 'echo://arn:aws:lambda:eu-west-1:123456789012:function:resize',
        'img.crop': 'echo://crop:live',
      },
      [echo],
    );
    const host = async (task: string) => {
      const result = await routes.resolve(task)?.executor.execute({} as never, {} as never);
      return result?.status === 'success' ? decodeURIComponent(String(result.value)) : null;
    };
    expect(await host('img.resize')).toBe('arn:aws:lambda:eu-west-1:123456789012:function:resize');
    expect(await host('img.crop')).toBe('crop:live');
    expect(() => parseRoutes({ web: 'https://a:b:c' }, [echo])).toThrow(/is not a valid URL/);
  });

  it('rejects a value that is not a URL string', () => {
    expect(() => parseRoutes({ 'proj.add': 42 }, [echo])).toThrow(
      /TASKS\["proj\.add"\] must be a URL string/,
    );
    expect(() => parseRoutes({ 'proj.add': 'not a url' }, [echo])).toThrow(/is not a valid URL/);
  });

  it('rejects two plugins for one scheme', () => {
    expect(() => parseRoutes({}, [echo, { ...echo, scheme: 'echo:' }])).toThrow(/two executor plugins/);
  });

  it('reports a plugin that rejects its URL without leaking credentials', () => {
    const picky: ExecutorPlugin = {
      scheme: 'picky',
      create: () => {
        throw new Error('region missing');
      },
    };
    expect(() => parseRoutes({ t: 'picky://key:secret@x' }, [picky])).toThrow(
      /picky:\/\/\*\*\*@x.*region missing/,
    );
    expect(() => parseRoutes({ t: 'picky://key:secret@x' }, [picky])).not.toThrow(/secret/);
  });
});
