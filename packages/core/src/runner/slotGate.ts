/**
 * The slots of the poll loop: at most `size` messages' tasks running at once; the units that wait
 * for a slot start in the order they asked.
 */
export interface SlotGate {
  /** Wait until `count` slots (at most the gate's size) are free and take them; resolves with the
   * number taken, to hand to {@link SlotGate.give}. */
  take(count: number): Promise<number>;
  /** Free slots taken by {@link SlotGate.take}, starting the next units that wait. */
  give(count: number): void;
  /** Slots asked for by the units still waiting. */
  readonly waiting: number;
}

/**
 * A gate of `size` slots.
 *
 * @example
 * ```ts
 * const slots = slotGate(4);
 * const taken = await slots.take(1);
 * try { await runTask(); } finally { slots.give(taken); }
 * ```
 */
export function slotGate(size: number): SlotGate {
  let busy = 0;
  let waiting = 0;
  const queue: Array<{ count: number; start: () => void }> = [];
  const startWaiting = () => {
    for (let next = queue[0]; next !== undefined && busy + next.count <= size; next = queue[0]) {
      queue.shift();
      busy += next.count;
      waiting -= next.count;
      next.start();
    }
  };
  return {
    take(count) {
      const wanted = Math.min(Math.max(1, count), size);
      if (queue.length === 0 && busy + wanted <= size) {
        busy += wanted;
        return Promise.resolve(wanted);
      }
      waiting += wanted;
      return new Promise((resolve) => queue.push({ count: wanted, start: () => resolve(wanted) }));
    },
    give(count) {
      busy -= count;
      startWaiting();
    },
    get waiting() {
      return waiting;
    },
  };
}
