import {
  type PollLoop,
  type PollLoopOptions,
  type PollSource,
  type RunnerLogger,
  type TriggerOptions,
  runnerStep,
  startPollLoop,
} from '@celery-cloud/core';
import { type PubSub, v1 } from '@google-cloud/pubsub';

type SubscriberOptions = ConstructorParameters<typeof v1.SubscriberClient>[0];

/** Pub/Sub caps an ack deadline at 10 minutes. */
const MAX_ACK_DEADLINE_SECONDS = 600;

/** One pulled message. */
export interface PubSubDelivery {
  ackId: string;
  messageId: string;
  data: string;
  attributes: Record<string, string>;
  /** When Pub/Sub accepted the message, ISO 8601. */
  publishTime: string;
  deliveryAttempt: number | null;
}

/** Options of the Pub/Sub poller. */
export interface PubSubPollerOptions
  extends Omit<PollLoopOptions<PubSubDelivery>, 'source' | 'idleBackoff' | 'step'> {
  /** The client whose settings (project, emulator) the subscriber uses. */
  pubsub: PubSub;
  /** A pull subscription's name or full path `projects/<p>/subscriptions/<s>`. */
  subscription: string;
  /** Runs each message and stores its outcome (`runnerFromEnv`). */
  runner: TriggerOptions['runner'];
  /** The Celery queues served (default `celery`); a message for another queue is acked unrun.
   * null: every message the subscription delivers (a subscription filtered to the queue). */
  queues?: readonly string[] | null;
  /** Ack deadline given to each message, renewed while its task runs (default 60 s, at most 600). */
  ackDeadlineSeconds?: number;
  /** At most one pull per this many seconds while the subscription is empty (default 20). */
  waitTimeSeconds?: number;
}

/**
 * The Pub/Sub source of the poll loop: unary pulls on a pull subscription, `acknowledge` on ack,
 * `modifyAckDeadline` as the heartbeat, to hold a message until its eta, and deadline 0 (a nack)
 * to hand a message back, which the subscription's retry policy then redelivers.
 *
 * @example
 * ```ts
 * const source = await pubSubPollSource({ pubsub: new PubSub(), subscription: 'kombu-celery-pull' });
 * ```
 */
export async function pubSubPollSource(
  options: Pick<
    PubSubPollerOptions,
    'pubsub' | 'subscription' | 'queues' | 'ackDeadlineSeconds' | 'waitTimeSeconds'
  > & {
    logger?: RunnerLogger;
  },
): Promise<PollSource<PubSubDelivery> & { close(): Promise<void> }> {
  const client = new v1.SubscriberClient((await options.pubsub.getClientConfig()) as SubscriberOptions);
  // After getClientConfig the project is resolved (GOOGLE_CLOUD_PROJECT, credentials, metadata).
  const subscription = options.subscription.includes('/')
    ? options.subscription
    : `projects/${options.pubsub.projectId}/subscriptions/${options.subscription}`;
  const queues = options.queues === null ? null : new Set(options.queues ?? ['celery']);
  const served = (d: PubSubDelivery) => queues === null || queues.has(d.attributes.routing_key ?? '');
  const deadline = Math.min(options.ackDeadlineSeconds ?? 60, MAX_ACK_DEADLINE_SECONDS);
  const waitMs = (options.waitTimeSeconds ?? 20) * 1000;
  const modify = (d: PubSubDelivery, seconds: number) =>
    client.modifyAckDeadline({ subscription, ackIds: [d.ackId], ackDeadlineSeconds: seconds });
  const ack = (ackIds: string[]) => client.acknowledge({ subscription, ackIds });
  return {
    leaseMs: deadline * 1000,
    async receive(max, signal) {
      // No retries inside the client: an unreachable Pub/Sub then fails the pull (logged, backed
      // off by the loop) instead of being retried until the wait ends and read as an empty pull.
      const call = client.pull({ subscription, maxMessages: max }, { timeout: waitMs, retry: null });
      let onAbort = () => {};
      const stopped = new Promise<null>((resolve) => {
        onAbort = () => resolve(null);
        if (signal.aborted) resolve(null);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      let received: PubSubDelivery[] = [];
      try {
        const answer = await Promise.race([call.then(([a]) => a), stopped]);
        if (answer === null) {
          // Stopping: a pull still held by the server hands whatever it gets straight back.
          call.then(
            ([late]) => {
              const ackIds = (late.receivedMessages ?? []).flatMap((r) => (r.ackId ? [r.ackId] : []));
              if (ackIds.length > 0)
                void client.modifyAckDeadline({ subscription, ackIds, ackDeadlineSeconds: 0 });
            },
            () => undefined,
          );
          return [];
        }
        // Pub/Sub gives every received message an ack id; one without could not be settled.
        received = (answer.receivedMessages ?? []).flatMap(({ ackId, ...r }) =>
          ackId
            ? [
                {
                  ackId,
                  messageId: r.message?.messageId ?? 'unknown',
                  data: Buffer.from(r.message?.data ?? '').toString('base64'),
                  attributes: (r.message?.attributes ?? {}) as Record<string, string>,
                  publishTime: new Date(
                    Number(r.message?.publishTime?.seconds ?? 0) * 1000 +
                      (r.message?.publishTime?.nanos ?? 0) / 1e6,
                  ).toISOString(),
                  deliveryAttempt: r.deliveryAttempt ? Number(r.deliveryAttempt) : null,
                },
              ]
            : [],
        );
      } catch (error) {
        // DEADLINE_EXCEEDED (4) or CANCELLED (1): nothing arrived within the wait.
        const code = (error as { code?: number }).code;
        if (code !== 4 && code !== 1) throw error;
      } finally {
        // One listener per pull would pile up on the loop's signal over a long idle time.
        signal.removeEventListener('abort', onAbort);
      }
      const others = received.filter((d) => !served(d));
      if (others.length > 0) {
        await ack(others.map((d) => d.ackId));
        options.logger?.log('info', 'messages for another queue acknowledged without running', {
          messageIds: others.map((d) => d.messageId),
        });
      }
      const mine = received.filter(served);
      // The lease the loop counts on starts now, whatever the subscription's own deadline.
      if (mine.length > 0) {
        await client.modifyAckDeadline({
          subscription,
          ackIds: mine.map((d) => d.ackId),
          ackDeadlineSeconds: deadline,
        });
      }
      return mine;
    },
    toInbound: (d) => ({
      messageId: d.messageId,
      transport: 'pubsub',
      payload: { data_base64: d.data, attributes: d.attributes },
      ...(d.deliveryAttempt === null ? {} : { receiveCount: d.deliveryAttempt }),
    }),
    groupOf: () => null,
    async ack(d) {
      await ack([d.ackId]);
    },
    async extend(d) {
      await modify(d, deadline);
    },
    async release(d, delaySeconds) {
      await modify(d, delaySeconds === null ? 0 : Math.min(delaySeconds, MAX_ACK_DEADLINE_SECONDS));
    },
    close: () => client.close(),
  };
}

/**
 * A production Pub/Sub worker for tasks of any length (`celery-cloud worker --provider gcp`): pulls
 * from a pull subscription (at most one pull per `waitTimeSeconds` while idle), extends each
 * message's ack deadline while its task runs, acknowledges once the outcome is stored, nacks to
 * hand a message back (the subscription's retry policy and dead-letter topic apply). `stop()`
 * drains, then closes the subscriber client.
 *
 * @example
 * ```ts
 * const poller = await createPoller({ pubsub: new PubSub(), subscription: 'kombu-celery-pull', runner: runnerFromEnv(process.env, { tasks }) });
 * process.once('SIGTERM', () => void poller.stop());
 * ```
 */
export async function createPoller(options: PubSubPollerOptions): Promise<PollLoop> {
  const { pubsub, subscription, runner, queues, ackDeadlineSeconds, waitTimeSeconds, ...loopOptions } =
    options;
  const source = await pubSubPollSource({
    pubsub,
    subscription,
    ...(queues === undefined ? {} : { queues }),
    ...(ackDeadlineSeconds === undefined ? {} : { ackDeadlineSeconds }),
    ...(waitTimeSeconds === undefined ? {} : { waitTimeSeconds }),
    ...(loopOptions.logger === undefined ? {} : { logger: loopOptions.logger }),
  });
  // An empty pull may come back at once (the emulator does): still one pull per wait period.
  const waitMs = (waitTimeSeconds ?? 20) * 1000;
  const loop = startPollLoop({
    ...loopOptions,
    source,
    step: runnerStep(runner),
    idleBackoff: { initialMs: waitMs, maxMs: waitMs },
  });
  return {
    async stop() {
      await loop.stop();
      await source.close();
    },
    get inFlight() {
      return loop.inFlight;
    },
  };
}
