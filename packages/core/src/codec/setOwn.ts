/**
 * Set `key` as an own data property. Plain assignment of a `"__proto__"` key would change the
 * object's prototype instead; payload keys must stay data.
 *
 * @example
 * ```ts
 * const out = {};
 * setOwn(out, '__proto__', 1);
 * Object.keys(out); // ['__proto__']
 * ```
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
