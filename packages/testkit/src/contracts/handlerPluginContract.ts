/**
 * The executor-plugin rules every provider's `handlerFromEnv` keeps, as one suite: a task routed to
 * a plugin's scheme runs through it, a scheme no plugin serves is refused at cold start, and a
 * plugin may replace the provider's own invoker.
 */
import { expect, it } from 'vitest';

/** A call as an executor sees it (the fields checked here). */
interface CallSeen {
  id: string;
  args: unknown[];
}

/** An executor plugin, structurally (core's `ExecutorPlugin`). */
interface PluginLike {
  scheme: string;
  create(route: URL): {
    execute(call: CallSeen, context: unknown): Promise<{ status: 'success'; value: unknown }>;
  };
}

/** What a provider gives {@link describeHandlerPluginContract}. */
export interface HandlerPluginContract<H, P, T> {
  /** An environment whose stores and queues nothing listens on (without `TASKS`). */
  env: Record<string, string>;
  /** The provider's `handlerFromEnv`. */
  handlerFromEnv(env: Record<string, string>, options: { plugins?: P[]; logger: { log(): void } }): H;
  /** Core's `encodeTaskMessage`. */
  encodeTaskMessage(fields: {
    id: string;
    task: string;
    args: unknown[];
    kwargs: Record<string, never>;
    ignore_result: true;
  }): T;
  /** Hand `handler` the encoded `task` as the provider's trigger receives it. */
  deliver(handler: H, task: T, taskId: string): Promise<unknown>;
  /** What `deliver` resolves to once the message is acknowledged. */
  acknowledged: unknown;
  /** A route of the provider's own invoker, e.g. `lambda://other-function`. */
  remoteRoute: string;
  /** Core's `ConfigError`. */
  configError: new (
    ...args: never[]
  ) => Error;
}

function echoPlugin(scheme: string) {
  const calls: Array<{ route: string; call: CallSeen }> = [];
  const plugin: PluginLike = {
    scheme,
    create: (route) => ({
      execute: async (call) => {
        calls.push({ route: route.href, call });
        return { status: 'success', value: call.args };
      },
    }),
  };
  return { plugin, calls };
}

/**
 * Registers the plugin tests of a provider's `handlerFromEnv` in the current `describe` block.
 *
 * @example
 * ```ts
 * describe('handlerFromEnv plugins', () => describeHandlerPluginContract({ env, handlerFromEnv, deliver, ... }));
 * ```
 */
export function describeHandlerPluginContract<H, P, T>(contract: HandlerPluginContract<H, P, T>): void {
  const quiet = { log: () => {} };
  const build = (env: Record<string, string>, plugins?: P[]) =>
    contract.handlerFromEnv(env, { ...(plugins ? { plugins } : {}), logger: quiet });
  const deliver = (handler: H, id: string) =>
    contract.deliver(
      handler,
      contract.encodeTaskMessage({
        id,
        task: 'proj.echo',
        args: [1, 'two'],
        kwargs: {},
        ignore_result: true,
      }),
      id,
    );
  const tasks = (route: string) => ({ ...contract.env, TASKS: JSON.stringify({ 'proj.echo': route }) });

  it('runs a task routed to a scheme of a plugin it was given through that plugin', async () => {
    const { plugin, calls } = echoPlugin('echo');
    const handler = build(tasks('echo://anywhere/echo'), [plugin as P]);
    await expect(deliver(handler, 't-1')).resolves.toEqual(contract.acknowledged);
    expect(calls).toEqual([
      { route: 'echo://anywhere/echo', call: expect.objectContaining({ id: 't-1', args: [1, 'two'] }) },
    ]);
  });

  it('refuses at cold start a route to a scheme no plugin serves', () => {
    expect(() => build(tasks('echo://anywhere/echo'))).toThrow(contract.configError);
  });

  it("lets a plugin replace the provider's own invoker", async () => {
    const { plugin, calls } = echoPlugin(new URL(contract.remoteRoute).protocol.slice(0, -1));
    const handler = build(tasks(contract.remoteRoute), [plugin as P]);
    await expect(deliver(handler, 't-2')).resolves.toEqual(contract.acknowledged);
    expect(calls.map((c) => c.route)).toEqual([contract.remoteRoute]);
  });
}
