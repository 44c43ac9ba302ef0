/**
 * Typed errors of the core package. Every error a user can meet derives from
 * {@link CeleryCloudError}, so `instanceof CeleryCloudError` separates ours from the rest.
 */

/**
 * Base class of every celery-cloud error.
 *
 * @example
 * ```ts
 * try { decodeMessage('sqs', raw); } catch (e) { if (e instanceof CeleryCloudError) log(e.message); }
 * ```
 */
export class CeleryCloudError extends Error {
  override name = 'CeleryCloudError';
}

/** Where in the layered wire format decoding failed (docs/protocol.md §1). */
export type DecodeLayer = 'transport' | 'envelope' | 'compression' | 'body' | 'protocol';

/**
 * A payload could not be decoded. `layer` says which wrapping failed; `taskId` is set when the
 * envelope was readable far enough to know the task id (so a FAILURE can still be stored).
 *
 * @example
 * ```ts
 * throw new DecodeError('body', 'body is not valid base64', { taskId: 'abc' });
 * ```
 */
export class DecodeError extends CeleryCloudError {
  override name = 'DecodeError';
  readonly layer: DecodeLayer;
  /** What went wrong, without the layer prefix `message` carries. */
  readonly reason: string;
  readonly taskId: string | null;
  readonly taskName: string | null;

  constructor(
    layer: DecodeLayer,
    message: string,
    options: { taskId?: string | null; taskName?: string | null; cause?: unknown } = {},
  ) {
    super(`${layer}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.layer = layer;
    this.reason = message;
    this.taskId = options.taskId ?? null;
    this.taskName = options.taskName ?? null;
  }
}

/**
 * The message's content type is refused (pickle) or unknown. Nothing from the payload is run.
 *
 * @example
 * ```ts
 * if (e instanceof ContentTypeRefusedError) console.log(e.contentType); // application/x-python-serialize
 * ```
 */
export class ContentTypeRefusedError extends DecodeError {
  override name = 'ContentTypeRefusedError';
  readonly contentType: string;

  constructor(contentType: string, options: { taskId?: string | null; taskName?: string | null } = {}) {
    super('body', `refused content type ${JSON.stringify(contentType)}`, options);
    this.contentType = contentType;
  }
}

/** A codec loaded on first use rather than at start-up (docs/codec.md, "Optional codecs"). */
export type OptionalCodec = 'yaml' | 'msgpack' | 'bzip2';

/**
 * A message needs a codec not loaded yet: the YAML or msgpack serializer or the bzip2
 * decompressor. Not a fault of the message; `await loadCodecs()` once and decode again.
 *
 * @example
 * ```ts
 * try { decodeMessage('sqs', raw); } catch (e) { if (e instanceof CodecNotLoadedError) await loadCodecs([e.codec]); }
 * ```
 */
export class CodecNotLoadedError extends CeleryCloudError {
  override name = 'CodecNotLoadedError';

  constructor(readonly codec: OptionalCodec) {
    super(`the ${codec} codec is not loaded: await loadCodecs() before decoding it synchronously`);
  }
}

/**
 * A value cannot be encoded on the wire (for example a function or a symbol in a result).
 *
 * @example
 * ```ts
 * throw new EncodeError('cannot encode a value of type function');
 * ```
 */
export class EncodeError extends CeleryCloudError {
  override name = 'EncodeError';
}

/**
 * Configuration is missing or invalid; raised at start-up, never per message.
 *
 * @example
 * ```ts
 * throw new ConfigError('TASKS is not valid JSON');
 * ```
 */
export class ConfigError extends CeleryCloudError {
  override name = 'ConfigError';
}

/**
 * A canvas signature in a message (`link`, `link_error`, `chain`, `chord`, or a built-in task's
 * argument) is not a usable signature dict, or a canvas step cannot be published.
 *
 * @example
 * ```ts
 * throw new CanvasError('embed.chain[0] is not a signature dict (no "task" name)');
 * ```
 */
export class CanvasError extends CeleryCloudError {
  override name = 'CanvasError';
}

/**
 * Thrown by a trigger whose platform redelivers only on failure (Azure Functions, Cloud
 * Functions): the message must be delivered again, and after the platform's maximum, go to its
 * poison queue or dead-letter topic. The message names why.
 *
 * @example
 * ```ts
 * if (outcome.action === 'redeliver') throw new RedeliveryRequested(outcome.messageId, outcome.reason);
 * ```
 */
export class RedeliveryRequested extends CeleryCloudError {
  override name = 'RedeliveryRequested';

  constructor(
    readonly messageId: string,
    readonly reason: string,
  ) {
    super(`message ${messageId} must be delivered again: ${reason}`);
  }
}

/**
 * A result-store call that did not answer within the runner's deadline (`storeTimeoutMs`,
 * `CELERY_CLOUD_STORE_TIMEOUT`). Temporary: the message is handed back and tried again later;
 * the abandoned call may still land, which the overwrite rule makes harmless.
 *
 * @example
 * ```ts
 * if (e instanceof StoreTimeout) console.log(e.operation, e.timeoutMs); // 'set' 30000
 * ```
 */
export class StoreTimeout extends CeleryCloudError {
  override name = 'StoreTimeout';

  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`result store ${operation} did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Something redelivery can never cure: the same message would fail the same way on every
 * delivery. The runner stores FAILURE with {@link PermanentFailure.exception} (a
 * `celery_cloud.errors.*` class the Python client raises) and acknowledges the message, instead
 * of running the task again until the queue dead-letters it.
 *
 * @example
 * ```ts
 * if (error instanceof PermanentFailure) console.log(error.exception.exc_type); // 'ResultTooLarge'
 * ```
 */
export class PermanentFailure extends CeleryCloudError {
  override name = 'PermanentFailure';

  /** The exception stored as FAILURE: `celery_cloud.errors.<name>` with the message. */
  get exception(): { exc_type: string; exc_message: string[]; exc_module: string } {
    return { exc_type: this.name, exc_message: [this.message], exc_module: 'celery_cloud.errors' };
  }
}

/**
 * A result store refuses a task meta for its size (DynamoDB's 400 KB item limit, Firestore's
 * 1 MiB document limit). Thrown by `ResultStore.set`.
 *
 * @example
 * ```ts
 * throw new ResultTooLarge('the SUCCESS meta exceeds the DynamoDB item size limit (400 KB)');
 * ```
 */
export class ResultTooLarge extends PermanentFailure {
  override name = 'ResultTooLarge';
}

/**
 * A queue refuses a message for its size (SQS 1 MiB, Azure Storage Queue 64 KiB, Pub/Sub 10 MB):
 * a retry, a chain step or a callback too large to publish. Thrown by `Publisher.publish`.
 *
 * @example
 * ```ts
 * throw new MessageTooLarge('a message of 1100000 bytes exceeds the SQS limit of 1048576 bytes');
 * ```
 */
export class MessageTooLarge extends PermanentFailure {
  override name = 'MessageTooLarge';
}

/**
 * A retry request that can never be scheduled: a countdown that is not a finite number, an eta
 * that is not a date or lies past year 9999, `max_retries` that is not an integer.
 *
 * @example
 * ```ts
 * throw new InvalidRetry('countdown must be a finite number of seconds, got Infinity');
 * ```
 */
export class InvalidRetry extends PermanentFailure {
  override name = 'InvalidRetry';
}

/**
 * A beat schedule (Celery's `beat_schedule` as JSON) that cannot be run as written: `entry` names
 * the schedule entry and `field` the field at fault (`schedule.crontab.minute`), when known. Also
 * thrown when an entry cannot be expressed in a cloud scheduler's syntax.
 *
 * @example
 * ```ts
 * throw new ScheduleError('reports', 'schedule.crontab.hour', '24 is past the largest hour, 23');
 * ```
 */
export class ScheduleError extends ConfigError {
  override name = 'ScheduleError';
  readonly entry: string | null;
  readonly field: string | null;
  /** What is wrong, without the entry and field `message` names. */
  readonly reason: string;

  constructor(entry: string | null, field: string | null, reason: string) {
    const where = [
      entry === null ? null : `entry ${JSON.stringify(entry)}`,
      field === null ? null : `field ${field}`,
    ].filter((part) => part !== null);
    super(`beat schedule${where.length > 0 ? ` ${where.join(', ')}` : ''}: ${reason}`);
    this.entry = entry;
    this.field = field;
    this.reason = reason;
  }
}
