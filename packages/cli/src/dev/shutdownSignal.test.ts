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

  it('removes its listeners on dispose', () => {
    const before = process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    shutdownSignal(() => {}).dispose();
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(before);
  });
});
