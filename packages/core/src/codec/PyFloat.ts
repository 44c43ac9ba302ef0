/**
 * A float whose value is integral (`3.0` on the wire). JS numbers cannot tell `3.0` from `3`, so
 * the kombu JSON parser keeps such values boxed and the stringifier writes them back with `.0`:
 * a Python client then still sees a `float`. Task code receives plain numbers (see `fromWire`).
 *
 * @example
 * ```ts
 * stringifyKombuJson([new PyFloat(3)]); // '[3.0]'
 * ```
 */
export class PyFloat {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value;
  }
}
