import { DecodeError, type DecodeLayer } from '../errors.js';

/**
 * The structural budget every decoded body must fit, whatever its serializer and compression.
 * Bytes alone do not bound the cost of a body: a 30 KB gzip of `[{},{},…]` is millions of objects,
 * one long integer takes seconds to convert. Each limit has a runner setting (docs/security.md).
 */
export interface DecodeLimits {
  /** Bytes a compressed body may inflate to; decompression stops at this count. */
  maxDecompressedBytes: number;
  /** Nesting depth of arrays and objects. */
  maxDepth: number;
  /** Values in one body: every array item, object value and scalar counts once. */
  maxElements: number;
  /** Digits of one number token (Python's own `int` string limit is 4300). */
  maxIntegerDigits: number;
}

/** Which {@link DecodeLimits} field a body exceeded. */
export type DecodeLimitName = keyof DecodeLimits;

/**
 * The defaults: 16 MiB inflated, 512 levels (a stored result adds a few, and stays below
 * Python's recursion limit), one million values, 4300 digits (Python 3.11's default
 * `sys.get_int_max_str_digits()`).
 *
 * @example
 * ```ts
 * DEFAULT_DECODE_LIMITS.maxElements; // 1000000
 * ```
 */
export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxDecompressedBytes: 16 * 1024 * 1024,
  maxDepth: 512,
  maxElements: 1_000_000,
  maxIntegerDigits: 4300,
});

/**
 * The environment variable that sets each limit (read by `runnerOptionsFromEnv`).
 *
 * @example
 * ```ts
 * DECODE_LIMIT_SETTINGS.maxDepth; // 'CELERY_CLOUD_MAX_DECODE_DEPTH'
 * ```
 */
export const DECODE_LIMIT_SETTINGS: Readonly<Record<DecodeLimitName, string>> = Object.freeze({
  maxDecompressedBytes: 'CELERY_CLOUD_MAX_DECOMPRESSED_BYTES',
  maxDepth: 'CELERY_CLOUD_MAX_DECODE_DEPTH',
  maxElements: 'CELERY_CLOUD_MAX_DECODE_ELEMENTS',
  maxIntegerDigits: 'CELERY_CLOUD_MAX_INTEGER_DIGITS',
});

/**
 * Upper bound for `maxDepth`: results are written with a few more levels, and a Python client
 * reading them hits its recursion limit (1000) well before 1000 levels.
 */
export const MAX_DECODE_DEPTH_SETTING = 800;

/**
 * A body exceeded one of the {@link DecodeLimits}: a {@link DecodeError} that names the limit and
 * its setting, so a stored FAILURE tells the user what to raise.
 *
 * @example
 * ```ts
 * try { decodeMessage('sqs', body); } catch (e) {
 *   if (e instanceof DecodeLimitExceeded) console.log(e.limit, e.value); // 'maxElements' 1000000
 * }
 * ```
 */
export class DecodeLimitExceeded extends DecodeError {
  override name = 'DecodeLimitExceeded';
  readonly limit: DecodeLimitName;
  readonly value: number;
  /** What exceeded the limit, e.g. `number of values`. */
  readonly what: string;

  constructor(
    layer: DecodeLayer,
    limit: DecodeLimitName,
    value: number,
    what: string,
    options: { taskId?: string | null; taskName?: string | null; cause?: unknown } = {},
  ) {
    super(layer, `${what} exceeds ${limit} ${value} (${DECODE_LIMIT_SETTINGS[limit]})`, options);
    this.limit = limit;
    this.value = value;
    this.what = what;
  }

  /** The same error, naming the task it was met in. */
  withIds(ids: { taskId: string | null; taskName: string | null }): DecodeLimitExceeded {
    return new DecodeLimitExceeded(this.layer, this.limit, this.value, this.what, { ...ids, cause: this });
  }
}

/**
 * The defaults with `overrides` applied.
 *
 * @example
 * ```ts
 * decodeLimits({ maxElements: 10_000 }).maxDepth; // 512
 * ```
 */
export function decodeLimits(overrides: Partial<DecodeLimits> = {}): DecodeLimits {
  return {
    maxDecompressedBytes: overrides.maxDecompressedBytes ?? DEFAULT_DECODE_LIMITS.maxDecompressedBytes,
    maxDepth: overrides.maxDepth ?? DEFAULT_DECODE_LIMITS.maxDepth,
    maxElements: overrides.maxElements ?? DEFAULT_DECODE_LIMITS.maxElements,
    maxIntegerDigits: overrides.maxIntegerDigits ?? DEFAULT_DECODE_LIMITS.maxIntegerDigits,
  };
}

/**
 * Counts depth and values while a decoder walks a body; throws {@link DecodeLimitExceeded}
 * at the first value past the budget.
 *
 * @example
 * ```ts
 * const budget = new DecodeBudget(decodeLimits(), 'body');
 * budget.enter(1); // one value at depth 1
 * ```
 */
export class DecodeBudget {
  #elements = 0;

  constructor(
    readonly limits: DecodeLimits,
    readonly layer: DecodeLayer,
  ) {}

  /** One value at `depth` (the top-level value is depth 0). */
  enter(depth: number): void {
    if (depth > this.limits.maxDepth)
      throw new DecodeLimitExceeded(this.layer, 'maxDepth', this.limits.maxDepth, 'nesting');
    if (++this.#elements > this.limits.maxElements)
      throw new DecodeLimitExceeded(this.layer, 'maxElements', this.limits.maxElements, 'number of values');
  }

  /** A number token of `digits` digits. */
  digits(digits: number): void {
    if (digits > this.limits.maxIntegerDigits)
      throw new DecodeLimitExceeded(
        this.layer,
        'maxIntegerDigits',
        this.limits.maxIntegerDigits,
        `a ${digits}-digit number`,
      );
  }
}
