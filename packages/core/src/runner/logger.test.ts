import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './logger.js';

describe('createJsonLogger', () => {
  it('writes one JSON line per entry at or above the level, bigints as strings', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'info', write: (l) => lines.push(l), now: () => new Date(0) });
    logger.log('debug', 'hidden');
    logger.log('info', 'task message acked', { taskId: 't', result: 2n ** 64n });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: '1970-01-01T00:00:00.000Z',
        level: 'info',
        msg: 'task message acked',
        taskId: 't',
        result: '18446744073709551616',
      },
    ]);
  });
});
