/**
 * The rules every trigger keeps, as one suite each implementation runs: SQS, Azure Storage Queue,
 * Azure Service Bus, Pub/Sub. A provider's delivery becomes core messages; each outcome goes back
 * in the provider's way: acknowledged, or named for redelivery (SQS `batchItemFailures`; Azure and
 * Pub/Sub a thrown `RedeliveryRequested`, which the host turns into a retry or a non-2xx answer).
 * No message is lost: what cannot be stored, or not even decoded, comes back.
 */
import { expect, it } from 'vitest';

/** A kombu envelope, structurally (core's `KombuEnvelope`). */
interface EnvelopeLike {
  body: string;
  headers: Record<string, unknown>;
}

/** One message of a delivery: a task envelope, or text that is no Celery message at all. */
export interface ContractDelivery<E extends EnvelopeLike> {
  messageId: string;
  message: E | string;
  /** How many times the provider has delivered it (1 on first delivery). */
  receiveCount: number;
}

/** A runner over an in-memory store, structurally (core's `testRunner`). */
export interface ContractRunner<R> {
  runner: R;
  backend: {
    get(taskId: string): Promise<{ status: string; result: unknown } | null>;
    failNextWrites(n: number): void;
  };
}

/** What a provider gives {@link describeTriggerContract}. */
export type TriggerContract<E extends EnvelopeLike, R> = {
  /** Core's `testRunner` with `proj.add` (adds its two arguments) registered, and these options. */
  setup(options: { maxReceiveCount?: number }): ContractRunner<R>;
  /** Core's `encodeTaskMessage`. */
  encodeTaskMessage(fields: { id: string; task: string; args: unknown[]; kwargs: Record<string, never> }): E;
} & (
  | {
      /** A platform that hands over batches (SQS): one event of `messages` through the trigger,
       * and the ids its answer names for redelivery. */
      batch(runner: R, messages: ContractDelivery<E>[]): Promise<string[]>;
    }
  | {
      /** A platform that hands over one message per invocation (Azure, Pub/Sub): the trigger's
       * invocation for `message`; it throws `RedeliveryRequested` to have it delivered again. */
      invoke(runner: R, message: ContractDelivery<E>): Promise<void>;
    }
);

/** The ids the provider delivers again, whichever way its trigger says so. */
async function deliver<E extends EnvelopeLike, R>(
  contract: TriggerContract<E, R>,
  runner: R,
  messages: ContractDelivery<E>[],
): Promise<string[]> {
  if ('batch' in contract) return contract.batch(runner, messages);
  const again: string[] = [];
  for (const message of messages) {
    try {
      await contract.invoke(runner, message);
    } catch (error) {
      const asked = error as { name?: unknown; messageId?: unknown };
      if (asked.name !== 'RedeliveryRequested') throw error;
      again.push(String(asked.messageId));
    }
  }
  return again;
}

/**
 * Registers the trigger contract tests in the current `describe` block.
 *
 * @example
 * ```ts
 * describe('SQS trigger', () => describeTriggerContract({ setup, encodeTaskMessage, batch }));
 * ```
 */
export function describeTriggerContract<E extends EnvelopeLike, R>(contract: TriggerContract<E, R>): void {
  const task = (id: string) => contract.encodeTaskMessage({ id, task: 'proj.add', args: [2, 3], kwargs: {} });
  const delivery = (messageId: string, message: E | string, receiveCount = 1) => ({
    messageId,
    message,
    receiveCount,
  });

  it('runs a delivered task, stores its result and acknowledges it', async () => {
    const { runner, backend } = contract.setup({});
    expect(await deliver(contract, runner, [delivery('m-ok', task('t-ok'))])).toEqual([]);
    expect(await backend.get('t-ok')).toMatchObject({ status: 'SUCCESS', result: 5 });
  });

  it('names only the message that must come back when one of a delivery fails', async () => {
    const { runner, backend } = contract.setup({});
    const messages = [delivery('m-good', task('t-good')), delivery('m-junk', 'this is no Celery message')];
    expect(await deliver(contract, runner, messages)).toEqual(['m-junk']);
    expect(await backend.get('t-good')).toMatchObject({ status: 'SUCCESS', result: 5 });
  });

  it('stores FAILURE for a task whose body cannot be decoded, and acknowledges it', async () => {
    const { runner, backend } = contract.setup({});
    const broken = { ...task('t-broken'), body: '%%% not base64 json %%%' };
    expect(await deliver(contract, runner, [delivery('m-broken', broken)])).toEqual([]);
    expect(await backend.get('t-broken')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'DecodeError', exc_module: 'kombu.exceptions' },
    });
  });

  it('has a message delivered again when its outcome cannot be stored', async () => {
    const { runner, backend } = contract.setup({});
    backend.failNextWrites(1);
    expect(await deliver(contract, runner, [delivery('m-lost', task('t-lost'))])).toEqual(['m-lost']);
    expect(await backend.get('t-lost')).toBeNull();
  });

  it('passes the delivery count on: on the last delivery a FAILURE is stored before the dead letter', async () => {
    const { runner, backend } = contract.setup({ maxReceiveCount: 3 });
    backend.failNextWrites(1);
    expect(await deliver(contract, runner, [delivery('m-last', task('t-last'), 3)])).toEqual(['m-last']);
    expect(await backend.get('t-last')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'DeadLetteredError', exc_message: [expect.stringMatching(/^delivered 3 times/)] },
    });
  });

  if ('batch' in contract) {
    it('answers an empty delivery with nothing to redeliver', async () => {
      const { runner } = contract.setup({});
      expect(await contract.batch(runner, [])).toEqual([]);
    });
  }
}
