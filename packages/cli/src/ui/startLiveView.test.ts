import { request } from 'node:http';
import type { TaskEvent } from '@celery-cloud/core';
import { must } from '@celery-cloud/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskStore } from './TaskStore.js';
import { LIVE_VIEW_JS } from './assets/js.js';
import { type LiveView, startLiveView } from './startLiveView.js';

const base: Omit<TaskEvent, 'type'> = {
  uuid: 't1',
  name: 'tasks.add',
  timestamp: 1_790_000_000,
  hostname: 'celery@test',
  queue: 'celery',
  args: [2, 3n ** 40n],
  kwargs: {},
  retries: 0,
  eta: null,
  expires: null,
  root_id: 't1',
  parent_id: null,
  group_id: null,
  chord: null,
  children: [],
};
const at = (type: TaskEvent['type'], offset: number, extra: Partial<TaskEvent> = {}): TaskEvent => ({
  ...base,
  type,
  timestamp: base.timestamp + offset,
  ...extra,
});

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('TaskStore', () => {
  it('keeps a task state and history, never going back within an attempt', () => {
    const store = new TaskStore();
    store.apply(at('task-received', 0));
    store.apply(at('task-started', 0.1));
    store.apply(at('task-retried', 0.2, { retry_eta: 'x', runtime: 0.1, parent_id: null }));
    store.apply(at('task-received', 5, { retries: 1, parent_id: 't1' }));
    store.apply(at('task-started', 5.1, { retries: 1, parent_id: 't1' }));
    const { task } = store.apply(at('task-succeeded', 5.2, { retries: 1, result: 5, runtime: 0.05 }));
    // A duplicate delivery of the finished attempt changes nothing but the history.
    store.apply(at('task-received', 9, { retries: 1 }));
    expect(task.state).toBe('SUCCESS');
    expect(task.history.map((h) => h.state)).toEqual([
      'RECEIVED',
      'STARTED',
      'RETRY',
      'RECEIVED',
      'STARTED',
      'SUCCESS',
      'RECEIVED',
    ]);
    expect(task).toMatchObject({ result: 5, runtime: 0.05, retries: 1, parent_id: null, exception: null });
  });

  it('forgets the least recently updated task beyond maxTasks and counts per interval', () => {
    const store = new TaskStore({ maxTasks: 2 });
    for (const id of ['a', 'b', 'c']) store.apply(at('task-received', 0, { uuid: id }));
    store.apply(at('task-succeeded', 0.5, { uuid: 'b', runtime: 0.2 }));
    const update = store.apply(at('task-failed', 0.7, { uuid: 'c', runtime: 0.4 }));
    expect(store.snapshot().tasks.map((t) => t.uuid)).toEqual(['b', 'c']);
    expect(update.bucket).toMatchObject({ t: base.timestamp, succeeded: 1, failed: 1, runtimeCount: 2 });
    expect(update.bucket?.runtimeMax).toBeCloseTo(0.4);
    expect(update.totals).toMatchObject({ received: 3, succeeded: 1, failed: 1 });
  });
});

describe('startLiveView', () => {
  let view: LiveView | null = null;
  afterEach(async () => {
    await view?.close();
    view = null;
  });

  it('serves the page, a snapshot and an event stream on 127.0.0.1 only', async () => {
    view = await startLiveView({ title: '<dev>' });
    expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(view.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('&#60;dev&#62;');
    expect(page.body).not.toContain('<dev>');
    expect((await get(`${view.url}app.js`)).body).toBe(LIVE_VIEW_JS);
    view.onTaskEvent(at('task-received', 0));
    const snapshot = JSON.parse((await get(`${view.url}api/snapshot`)).body);
    expect(snapshot.tasks[0]).toMatchObject({ uuid: 't1', state: 'RECEIVED', args: [2, `${3n ** 40n}`] });
    // A page reached through another host name (DNS rebinding) is refused.
    expect((await get(view.url, { host: 'evil.example:80' })).status).toBe(421);
    expect((await get(`${view.url}nope`)).status).toBe(404);

    const frames: string[] = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve) =>
      request(`${must(view).url}events`, resolve).end(),
    );
    stream.setEncoding('utf8').on('data', (c: string) => frames.push(c));
    await expect.poll(() => frames.join('')).toContain('event: snapshot');
    view.onTaskEvent(at('task-succeeded', 1, { result: 5, runtime: 0.01 }));
    await expect.poll(() => frames.join('')).toMatch(/event: task\ndata: \{"type":"task-succeeded"/);
  });

  it('ships a script that parses', () => {
    expect(() => new Function(LIVE_VIEW_JS)).not.toThrow();
    expect(LIVE_VIEW_JS).not.toContain('innerHTML');
  });
});
