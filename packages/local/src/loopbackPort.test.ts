import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ExitedBeforeListening, onFreeLoopbackPorts, waitForListening } from './loopbackPort.js';
import { ownChild } from './ownChild.js';

const wait = (what: string) => ({ what, deadline: Date.now() + 10_000, pollMs: 20 });

/** A Node process that listens on `port` of 127.0.0.1, or exits at once with code 3. */
async function launch(port: number, exitAtOnce: boolean) {
  const script = exitAtOnce
    ? 'process.exit(3)'
    : `require('node:net').createServer().listen(${port}, '127.0.0.1')`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const stop = ownChild(child);
  try {
    await waitForListening(port, child, wait('the test server'));
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}

describe('onFreeLoopbackPorts', () => {
  it('chooses new ports and starts again when the process exits before it listens', async () => {
    const tried: number[][] = [];
    const server = await onFreeLoopbackPorts(2, async (ports) => {
      tried.push(ports);
      return launch(ports[0], tried.length === 1);
    });
    try {
      expect(tried).toHaveLength(2);
      expect(server.port).toBe(tried[1]?.[0]);
    } finally {
      await server.stop();
    }
  });

  it('gives up after its attempts with the exit named', async () => {
    let tries = 0;
    const started = onFreeLoopbackPorts(
      1,
      async ([port]) => {
        tries += 1;
        return launch(port, true);
      },
      2,
    );
    await expect(started).rejects.toThrow(ExitedBeforeListening);
    await expect(started).rejects.toThrow('the test server exited with code 3');
    expect(tries).toBe(2);
  });

  it('does not start again on any other error', async () => {
    let tries = 0;
    const started = onFreeLoopbackPorts(1, async () => {
      tries += 1;
      throw new Error('no jar');
    });
    await expect(started).rejects.toThrow('no jar');
    expect(tries).toBe(1);
  });
});
