/** A pending shutdown request. */
export interface ShutdownSignal {
  /** Resolves with the first SIGINT or SIGTERM received. */
  readonly received: Promise<NodeJS.Signals>;
  /** Remove the signal listeners. */
  dispose(): void;
}

/**
 * Listen for SIGINT and SIGTERM. The first one resolves `received` (the caller then drains and
 * stops); a second one runs `onRepeat`, for a user who does not want to wait for the drain.
 *
 * @example
 * ```ts
 * const shutdown = shutdownSignal(() => process.exit(130));
 * await shutdown.received;
 * await poller.stop();
 * shutdown.dispose();
 * ```
 */
export function shutdownSignal(onRepeat: (signal: NodeJS.Signals) => void): ShutdownSignal {
  let seen = false;
  let resolveReceived: (signal: NodeJS.Signals) => void = () => {};
  const received = new Promise<NodeJS.Signals>((resolve) => {
    resolveReceived = resolve;
  });
  const listener = (signal: NodeJS.Signals) => {
    if (seen) {
      onRepeat(signal);
      return;
    }
    seen = true;
    resolveReceived(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return {
    received,
    dispose: () => {
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    },
  };
}
