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
 * Typed reads of one object's protocol fields; a wrong type is a protocol {@link DecodeError}
 * naming the field, `where` it was (header, embed, property) and the task.
 *
 * @example
 * ```ts
 * new Fields(env.headers, 'header', ids).optInt('retries'); // 0
 * ```
 */
export class Fields {
  constructor(
    private readonly source: Obj,
    private readonly where: string,
    private readonly ids: { taskId?: string | null; taskName?: string | null },
  ) {}

  fail(key: string, expected: string): never {
    throw new DecodeError('protocol', `${this.where} ${key} must be ${expected}`, this.ids);
  }

  string(key: string): string {
    const v = this.source[key];
    if (typeof v !== 'string' || v === '') this.fail(key, 'a non-empty string');
    return v;
  }

  optString(key: string): string | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(key, 'a string or null');
    return v;
  }

  optInt(key: string): number | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    const n = wireInteger(v);
    if (n === null) this.fail(key, 'an integer or null');
    return n;
  }

  optBool(key: string): boolean | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') this.fail(key, 'a boolean or null');
    return v;
  }

  timelimit(key: string): [number | null, number | null] {
    const raw = this.source[key];
    if (raw === undefined || raw === null) return [null, null];
    if (!Array.isArray(raw) || raw.length !== 2) this.fail(key, 'a [hard, soft] pair');
    const seconds = (x: WireValue | undefined): number | null => {
      if (x === null) return null;
      const n = wireNumber(x);
      if (n === null || !Number.isFinite(n) || n < 0) this.fail(key, 'a [hard, soft] pair');
      return n;
    };
    return [seconds(raw[0]), seconds(raw[1])];
  }

  signatures(key: string): SignatureDict[] | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || !v.every(isSignature)) this.fail(key, 'a list of signature dicts');
    return v as SignatureDict[];
  }

  signature(key: string): SignatureDict | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    if (!isSignature(v)) this.fail(key, 'a signature dict');
    return v;
  }
}

function isSignature(v: unknown): v is SignatureDict {
  return isObj(v) && typeof v.task === 'string';
}
