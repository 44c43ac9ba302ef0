import { describe, expect, it, vi } from 'vitest';
import { shutdownSignal } from './shutdownSignal.js';

describe('shutdownSignal', () => {
  it('resolves with the first signal and hands a second one to onRepeat', async () => {
    const onRepeat = vi.fn();
    const shutdown = shutdownSignal(onRepeat);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await shutdown.received).toBe('SIGTERM');
    expect(onRepeat).not.toHaveBeenCalled();
    process.emit('SIGINT', 'SIGINT');
    expect(onRepeat).toHaveBeenCalledWith('SIGINT');
    shutdown.dispose();
  });

  it('treats SIGHUP (the terminal closed) as a request to stop', async () => {
    const shutdown = shutdownSignal(() => {});
    process.emit('SIGHUP', 'SIGHUP');
    expect(await shutdown.received).toBe('SIGHUP');
    shutdown.dispose();
  });

  it('removes its listeners on dispose', () => {
    const count = () => ['SIGINT', 'SIGTERM', 'SIGHUP'].reduce((n, s) => n + process.listenerCount(s), 0);
    const before = count();
    shutdownSignal(() => {}).dispose();
    expect(count()).toBe(before);
  });
});
