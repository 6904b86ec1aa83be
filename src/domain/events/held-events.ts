import type { EventBus } from './event-bus.ts';

/** Where writes are made durable: the state file (`persist/state-file.ts`), seen from here. */
export interface SaveTracker {
  /** The position of the next change. */
  readonly position: number;
  /** True once the change just below `to` is on disk; false when it was undone (a failed append). */
  saved(to: number): Promise<boolean>;
}

/**
 * The bus a mock with `--state-file` publishes through (issue 19): an event goes out only once
 * the write that made it is on disk, and never when that write was undone and answered 503 —
 * otherwise a receiver would hear of a plan that does not exist, and of its pk twice once the
 * rolled-back sequence hands it out again. A write publishes in the same synchronous step as its
 * changes (the journal relies on that), so the position when it publishes is just past them.
 * Events wait on their batch, so they leave in the order they were published.
 */
export function heldUntilSaved(bus: EventBus, tracker: SaveTracker): EventBus {
  return {
    publish(event) {
      const to = tracker.position;
      void tracker.saved(to).then((saved) => {
        if (saved) bus.publish(event);
      });
    },
    subscribe: (type, listener) => bus.subscribe(type, listener),
  };
}
