/**
 * Wait for `work` at most `ms`: closing a client whose emulator already went away (Ctrl-C reaches
 * the emulators too) can wait on reconnect back-off far longer than a stop should take.
 *
 * @example
 * ```ts
 * await boundedWait(Promise.allSettled([pubsub.close(), firestore.terminate()]), 5000);
 * ```
 */
export async function boundedWait(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work, elapsed]);
  clearTimeout(timer);
}
