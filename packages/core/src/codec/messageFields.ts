import { DecodeError } from '../errors.js';
import type { SignatureDict, WireValue } from '../types.js';
import { wireInteger, wireNumber } from './wireNumber.js';

/** A JSON object of the wire. */
export type Obj = Record<string, WireValue>;

/**
 * Whether `v` is a JSON object (not null, not an array).
 *
 * @example
 * ```ts
 * isObj({}); // true
 * ```
 */
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Typed checks of one object's protocol fields; a wrong type is a protocol {@link DecodeError}
 * naming the field, `where` it was (header, embed, property) and the task. The caller reads each
 * value with a named property access (`headers.eta`): one read site per field keeps V8's inline
 * caches on the one shape every kombu envelope has, where a shared `source[key]` read saw every
 * key and became the slowest part of the protocol checks.
 *
 * @example
 * ```ts
 * new Fields('header', ids).optInt('retries', env.headers.retries); // 0
 * ```
 */
export class Fields {
  constructor(
    private readonly where: string,
    private readonly ids: { taskId?: string | null; taskName?: string | null },
  ) {}

  fail(key: string, expected: string): never {
    throw new DecodeError('protocol', `${this.where} ${key} must be ${expected}`, this.ids);
  }

  string(key: string, v: WireValue | undefined): string {
    if (typeof v !== 'string' || v === '') this.fail(key, 'a non-empty string');
    return v;
  }

  optString(key: string, v: WireValue | undefined): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(key, 'a string or null');
    return v;
  }

  optInt(key: string, v: WireValue | undefined): number | null {
    if (v === undefined || v === null) return null;
    const n = wireInteger(v);
    if (n === null) this.fail(key, 'an integer or null');
    return n;
  }

  optBool(key: string, v: WireValue | undefined): boolean | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') this.fail(key, 'a boolean or null');
    return v;
  }

  timelimit(key: string, raw: WireValue | undefined): [number | null, number | null] {
    if (raw === undefined || raw === null) return [null, null];
    if (!Array.isArray(raw) || raw.length !== 2) this.fail(key, 'a [hard, soft] pair');
    return [this.seconds(key, raw[0]), this.seconds(key, raw[1])];
  }

  private seconds(key: string, x: WireValue | undefined): number | null {
    if (x === null) return null;
    const n = wireNumber(x);
    if (n === null || !Number.isFinite(n) || n < 0) this.fail(key, 'a [hard, soft] pair');
    return n;
  }

  signatures(key: string, v: WireValue | undefined): SignatureDict[] | null {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || !v.every(isSignature)) this.fail(key, 'a list of signature dicts');
    return v as SignatureDict[];
  }

  signature(key: string, v: WireValue | undefined): SignatureDict | null {
    if (v === undefined || v === null) return null;
    if (!isSignature(v)) this.fail(key, 'a signature dict');
    return v;
  }
}

function isSignature(v: unknown): v is SignatureDict {
  return isObj(v) && typeof v.task === 'string';
}
