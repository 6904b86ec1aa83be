/**
 * Runs a generator of work that yields between small pieces, to its end, at once: what start-up
 * does (nothing else waits on the event loop then).
 */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * How long background work on a running server — a reseed, a reset's tag copy, a collection's
 * adoption, a merge of frozen tag layers — holds the event loop between two turns, at most,
 * before a pause of the collector lands in it: a slice plus a young-generation collection (7–15
 * ms under `npm start`'s flags, 20–40 without) stays under issue 19's 50 ms; 20 ms slices did not
 * (bench/SOAK.md). The default of `runInSlices` and `seedStoreInSlices`; index builds take 8 ms
 * slices of their own (`store/sliced-build.ts`).
 */
export const BACKGROUND_SLICE_MS = 10;

/**
 * Runs the same generator in slices of at most about `sliceMs`, with a turn of the event loop
 * between them, so a running server answers every other request while a large piece of work
 * (a reseed, issue 19) goes on. The work and its order are the generator's: the same result as
 * `runToEnd`, whatever the slicing.
 * @example await runInSlices(seedSteps(store, { seed: 1, size: 100_000 }))
 */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs = BACKGROUND_SLICE_MS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}

/** A turn of the event loop: `setImmediate` in Node; a timer where there is none (a page). */
function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
