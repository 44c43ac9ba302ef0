/**
 * The Pub/Sub-triggered CloudEvent function: a `messagePublished` event in, the runner's outcome out.
 */
import {
  RedeliveryRequested,
  type RunnerLogger,
  type Trigger,
  type TriggerOptions,
  createJsonLogger,
} from '@celery-cloud/core';

/** The `data` of a `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent. */
export interface MessagePublishedData {
  message: {
    data?: string;
    attributes?: Record<string, string>;
    messageId?: string;
    message_id?: string;
    publishTime?: string;
  };
  subscription?: string;
  /** Set by a push subscription with a dead-letter policy; Eventarc's events do not carry it. */
  deliveryAttempt?: number;
}

/** The CloudEvent functions-framework hands a Pub/Sub-triggered function (the fields read here). */
export interface MessagePublishedEvent {
  id?: string;
  data?: MessagePublishedData;
}

/** Options of the Pub/Sub trigger. */
export interface PubSubTriggerOptions extends TriggerOptions {
  /** The Celery queues this function serves (default `celery`); others are acknowledged, not run. */
  queues?: readonly string[];
  /**
   * The function's timeout (`gcloud functions deploy --timeout`). Cloud Functions has no
   * remaining-time API; with this the runner stores FAILURE `TimeLimitExceeded` before the
   * platform kills the invocation, as it does on Lambda, instead of the task failing silently.
   */
  timeoutSeconds?: number;
  logger?: RunnerLogger;
}

/**
 * The CloudEvent handler for Pub/Sub: decodes kombu's `gcpubsub` message (`message.data` base64 of
 * the envelope, attribute `routing_key` = the Celery queue), runs it when its queue is one of
 * `queues`, and throws {@link RedeliveryRequested} when it must come back. All queues of an
 * exchange share one topic, so a message for another queue is acknowledged without running it
 * (give the subscription the filter `attributes.routing_key = "<queue>"` so it is not even sent).
 *
 * @example
 * ```ts
 * functions.cloudEvent('celery', createTrigger({ runner, queues: ['celery'] }));
 * ```
 */
export function createTrigger(options: PubSubTriggerOptions): Trigger<[MessagePublishedEvent]> {
  const queues = new Set(options.queues ?? ['celery']);
  const logger = options.logger ?? createJsonLogger();
  return async (event: MessagePublishedEvent): Promise<void> => {
    const message = event.data?.message ?? {};
    const messageId = message.messageId ?? message.message_id ?? event.id ?? 'unknown';
    const routingKey = message.attributes?.routing_key;
    if (routingKey === undefined || !queues.has(routingKey)) {
      logger.log('info', 'message for another queue acknowledged without running', { messageId, routingKey });
      return;
    }
    const receiveCount = Number(event.data?.deliveryAttempt ?? 1) || 1;
    const deadline = options.timeoutSeconds === undefined ? null : Date.now() + options.timeoutSeconds * 1000;
    const [outcome] = await options.runner.runBatch(
      [
        {
          messageId,
          transport: 'pubsub',
          payload: { data_base64: message.data ?? '', attributes: message.attributes ?? {} },
          receiveCount,
        },
      ],
      deadline === null ? {} : { remainingTimeMs: () => deadline - Date.now() },
    );
    if (outcome?.action === 'redeliver') throw new RedeliveryRequested(messageId, outcome.reason);
  };
}
