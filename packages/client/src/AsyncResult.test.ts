import type { ResultMeta } from '@celery-cloud/core';
import { MemoryResultStore } from '@celery-cloud/core/testing';
import { describe, expect, it } from 'vitest';
import { AsyncResult } from './AsyncResult.js';
import { GroupResult } from './GroupResult.js';
import { ResultTimeoutError, TaskFailedError } from './errors.js';

const failure = (id: string, status = 'FAILURE'): ResultMeta => ({
  task_id: id,
  status,
  result: { exc_type: 'PaymentDeclined', exc_message: ['card', 402], exc_module: 'proj.errors' },
  traceback: 'Traceback (most recent call last):\nproj.errors.PaymentDeclined: card\n',
  children: [],
  date_done: new Date(),
});

describe('AsyncResult', () => {
  it('is PENDING and not ready while nothing is stored', async () => {
    const result = new AsyncResult('t', new MemoryResultStore());
    expect([await result.state(), await result.ready(), await result.successful()]).toEqual([
      'PENDING',
      false,
      false,
    ]);
  });

  it('waits for the value, polling until it is stored, and decodes type tags', async () => {
    const backend = new MemoryResultStore();
    const result = new AsyncResult<Date>('t', backend);
    setTimeout(() => {
      void backend.set({
        ...failure('t'),
        status: 'SUCCESS',
        traceback: null,
        result: { __type__: 'datetime', __value__: '2026-01-01T00:00:00+00:00' },
      });
    }, 120);
    expect(await result.get({ timeout: 5, interval: 0.05 })).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(backend.reads).toBeGreaterThan(1);
  });

  it('throws the stored exception as a TaskFailedError with its class, module, args and traceback', async () => {
    const backend = new MemoryResultStore();
    await backend.set(failure('t'));
    const error = await new AsyncResult('t', backend).get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({
      taskId: 't',
      state: 'FAILURE',
      excType: 'PaymentDeclined',
      excModule: 'proj.errors',
      excMessage: ['card', 402],
      message: 'proj.errors.PaymentDeclined: card, 402',
    });
    expect((error as TaskFailedError).traceback).toContain('PaymentDeclined');
  });

  it('returns the failure instead with propagate: false, and treats REVOKED as failed', async () => {
    const backend = new MemoryResultStore();
    await backend.set(failure('r', 'REVOKED'));
    const value = await new AsyncResult('r', backend).get({ propagate: false });
    expect(value).toBeInstanceOf(TaskFailedError);
    expect((value as TaskFailedError).state).toBe('REVOKED');
  });

  it('gives up after the timeout with ResultTimeoutError', async () => {
    await expect(
      new AsyncResult('never', new MemoryResultStore()).get({ timeout: 0.2 }),
    ).rejects.toBeInstanceOf(ResultTimeoutError);
  });

  it('forgets the stored result', async () => {
    const backend = new MemoryResultStore();
    await backend.set(failure('t'));
    await new AsyncResult('t', backend).forget();
    expect(await backend.get('t')).toBeNull();
  });
});

describe('GroupResult', () => {
  it('saves a record that restore reads back, as Celery GroupResult.save/restore', async () => {
    const backend = new MemoryResultStore();
    const group = new GroupResult(
      'g',
      [new AsyncResult('a', backend), new AsyncResult('b', backend)],
      backend,
    );
    await group.save();
    expect(await backend.getGroup('g')).toEqual([
      ['g', null],
      [
        [['a', null], null],
        [['b', null], null],
      ],
    ]);
    expect((await GroupResult.restore('g', backend))?.results.map((r) => r.id)).toEqual(['a', 'b']);
    expect(await GroupResult.restore('missing', backend)).toBeNull();
  });
});
