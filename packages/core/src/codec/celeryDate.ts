import { DecodeError } from '../errors.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parse an `eta`/`expires` value as Celery sends it: Python `isoformat()` with any UTC offset,
 * or naive (which workers read as UTC), microseconds present or dropped (docs/protocol.md §2.2, §8.5).
 *
 * @example
 * ```ts
 * parseCeleryDate('2026-11-23T21:28:36.238985+01:00').toISOString(); // '2026-11-23T20:28:36.238Z'
 * ```
 */
export function parseCeleryDate(iso: string): Date {
  const m = ISO.exec(iso);
  if (!m) throw new DecodeError('protocol', `invalid ISO 8601 date ${JSON.stringify(iso.slice(0, 64))}`);
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const date = new Date(time);
  if (
    Number.isNaN(time) ||
    date.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw new DecodeError('protocol', `invalid date ${JSON.stringify(iso.slice(0, 64))}`);
  }
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new Date(time);
}

/**
 * Format a UTC instant as Python's `datetime.isoformat()`: microseconds only when non-zero,
 * `+00:00` for an `aware` datetime, nothing for a `naive` one (Celery ≤5.4 `date_done`,
 * docs/protocol.md §6.1).
 *
 * @example
 * ```ts
 * formatPythonIso(new Date('2025-06-01T12:00:00.250Z'), 'aware'); // '2025-06-01T12:00:00.250000+00:00'
 * ```
 */
export function formatPythonIso(date: Date, zone: 'aware' | 'naive'): string {
  const base = date.toISOString().slice(0, 19);
  const micros = date.getUTCMilliseconds() * 1000;
  const frac = micros === 0 ? '' : `.${String(micros).padStart(6, '0')}`;
  return `${base}${frac}${zone === 'aware' ? '+00:00' : ''}`;
}
