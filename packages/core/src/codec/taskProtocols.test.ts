import { describe, expect, it } from 'vitest';
import type { WireValue } from '../types.js';
import { encodeTaskMessage } from './encodeTaskMessage.js';
import { CELERY_HEADERS, protocol2 } from './taskProtocols.js';

const ids = { taskId: 't-1', taskName: 'proj.add' };

/** A protocol 2 envelope whose headers are exactly `headers`, in that order. */
function withHeaders(headers: Record<string, WireValue>) {
  const env = encodeTaskMessage({ id: 't-1', task: 'proj.add', args: [], kwargs: {} });
  return { ...env, headers };
}

describe('the custom headers of a protocol 2 message', () => {
  it("are the headers that are neither Celery's nor stamped, with Celery's in its own order", () => {
    const env = encodeTaskMessage({ id: 't-1', task: 'proj.add', args: [], kwargs: {} });
    const headers = { ...env.headers, stamped_headers: ['mark'], mark: 'm', note: 1 };
    const task = protocol2(withHeaders(headers), [[], {}, null], ids);
    expect(task.custom_headers).toEqual({ note: 1 });
  });

  it("are the same whatever the order of Celery's headers, some missing and others in between", () => {
    const names = [...CELERY_HEADERS].filter((name) => name !== 'shadow' && name !== 'stamped_headers');
    const headers: Record<string, WireValue> = { first: 'a' };
    for (const name of names.reverse()) headers[name] = null;
    headers.task = 'proj.add';
    headers.id = 't-1';
    headers.last = 'z';
    const task = protocol2(withHeaders(headers), [[], {}, null], ids);
    expect(task.custom_headers).toEqual({ first: 'a', last: 'z' });
  });
});
