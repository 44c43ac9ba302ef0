/**
 * `make()` once, its promise shared by every caller; a failure is not kept, so the next call tries
 * again (what a store makes lazily: a container, a client, a project id that could not be had yet).
 *
 * @example
 * ```ts
 * const project = onceUnlessFailed(() => metadataProjectId(base));
 * await project(); // asks the metadata server; later calls reuse the answer
 * ```
 */
export function onceUnlessFailed<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (made === undefined) {
      const attempt = make();
      attempt.catch(() => {
        if (made === attempt) made = undefined;
      });
      made = attempt;
    }
    return made;
  };
}
