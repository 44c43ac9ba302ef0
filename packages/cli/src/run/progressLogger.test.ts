import { describe, expect, it } from 'vitest';
import { ProgressPrinter } from './ProgressPrinter.js';
import { progressLogger } from './progressLogger.js';

describe('progressLogger', () => {
  it('prints task outcomes, redeliveries, and every other warning or error, including per-message ones', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter(
      { write: (line: string) => lines.push(line) },
      { summaryIntervalMs: 0 },
    );
    const logger = progressLogger(printer);
    logger.log('info', 'task message acked', {
      messageId: 'm1',
      taskId: 't1',
      task: 'proj.add',
      state: 'SUCCESS',
      durationMs: 3,
    });
    logger.log('error', 'task message redelivered', { messageId: 'm2', taskId: 't2', reason: 'store down' });
    logger.log('error', 'the message lease expired while its task still runs: it may be delivered again', {
      messageId: 'm3',
    });
    logger.log('warn', 'receiving failed; retrying in 1000 ms', { error: 'ECONNREFUSED', failures: 1 });
    logger.log('info', 'nothing to see', { messageId: 'm4' });
    expect(
      lines
        .join('')
        .split('\n')
        .filter((line) => line !== ''),
    ).toEqual([
      'task t1 proj.add SUCCESS 3 ms',
      'message m2 (task t2) redelivered: store down',
      'error: the message lease expired while its task still runs: it may be delivered again {"messageId":"m3"}',
      'warn: receiving failed; retrying in 1000 ms {"error":"ECONNREFUSED","failures":1}',
    ]);
    printer.stop();
  });
});
