import { DecodeError } from '../errors.js';
import type { DecodeBudget } from './decodeLimits.js';

/**
 * Walk a msgpack body's structure without building it, charging every value to `budget`, so a
 * body of a million one-byte empty maps is refused before a single object is allocated. Lengths
 * past the end of the data are left to the decoder to report.
 *
 * @example
 * ```ts
 * checkMsgpackStructure(encode([[1], {}]), new DecodeBudget(decodeLimits(), 'body'));
 * ```
 */
export function checkMsgpackStructure(data: Uint8Array, budget: DecodeBudget): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // Values still expected at each open container level; the top level expects one value.
  const pending: number[] = [1];
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > data.length) throw new DecodeError('body', 'msgpack body ends early');
  };
  /** The unsigned big-endian integer of `bytes` bytes at the read position, consumed. */
  const uint = (bytes: 1 | 2 | 4): number => {
    need(bytes);
    const at = pos;
    pos += bytes;
    return bytes === 1 ? view.getUint8(at) : bytes === 2 ? view.getUint16(at) : view.getUint32(at);
  };
  while (pending.length > 0) {
    const top = pending.length - 1;
    const left = pending[top];
    if (!left) {
      pending.pop();
      continue;
    }
    pending[top] = left - 1;
    budget.enter(top);
    const b = uint(1);
    let children = 0;
    let skip = 0;
    if (b <= 0x7f || b >= 0xe0 || (b >= 0xc0 && b <= 0xc3)) skip = 0;
    else if (b <= 0x8f) children = (b & 0x0f) * 2;
    else if (b <= 0x9f) children = b & 0x0f;
    else if (b <= 0xbf) skip = b & 0x1f;
    else
      switch (b) {
        case 0xc4:
        case 0xd9:
          skip = uint(1);
          break;
        case 0xc5:
        case 0xda:
          skip = uint(2);
          break;
        case 0xc6:
        case 0xdb:
          skip = uint(4);
          break;
        case 0xc7:
          skip = uint(1) + 1;
          break;
        case 0xc8:
          skip = uint(2) + 1;
          break;
        case 0xc9:
          skip = uint(4) + 1;
          break;
        case 0xca:
          skip = 4;
          break;
        case 0xcb:
          skip = 8;
          break;
        case 0xcc:
        case 0xd0:
          skip = 1;
          break;
        case 0xcd:
        case 0xd1:
          skip = 2;
          break;
        case 0xce:
        case 0xd2:
          skip = 4;
          break;
        case 0xcf:
        case 0xd3:
          skip = 8;
          break;
        case 0xd4:
        case 0xd5:
        case 0xd6:
        case 0xd7:
        case 0xd8:
          skip = 1 + (1 << (b - 0xd4));
          break;
        case 0xdc:
          children = uint(2);
          break;
        case 0xdd:
          children = uint(4);
          break;
        case 0xde:
          children = uint(2) * 2;
          break;
        case 0xdf:
          children = uint(4) * 2;
          break;
        default:
          throw new DecodeError('body', `invalid msgpack type byte 0x${b.toString(16)}`);
      }
    need(skip);
    pos += skip;
    // A container cannot hold more values than bytes remain; saying so early bounds the stack.
    if (children > data.length - pos) throw new DecodeError('body', 'msgpack body ends early');
    if (children > 0) pending.push(children);
  }
}
