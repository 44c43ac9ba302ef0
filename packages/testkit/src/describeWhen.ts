import { describe } from 'vitest';

/**
 * `describe` when a part the suite needs is on this machine, else `describe.skip` with a loud
 * warning naming what is missing and what did not run, so a machine without it does not pass
 * quietly (CI has every part).
 *
 * @example
 * ```ts
 * const gcp = describeWhen(hasGcpEmulators(), 'Java or the gcloud emulator jars are missing: GCP tests did not run');
 * gcp('the Pub/Sub poller', () => { ... });
 * ```
 */
export function describeWhen(present: boolean, skipped: string): ReturnType<typeof describe.skipIf> {
  if (!present) console.warn(`\n!!! SKIPPED: ${skipped} !!!\n`);
  return describe.skipIf(!present);
}
