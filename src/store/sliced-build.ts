import { runInSlices } from '../common/run-in-slices.ts';

/** Rows filed between two looks at the clock in a build in slices. */
export const ROWS_A_STEP = 250;
/** How long a slice of a build in the background may hold the event loop (issue 19: ≤ 50 ms a step). */
export const SLICE_MS = 8;

/** How finely a derived index's background build is cut (tests cut it into a few rows a step). */
export interface WarmOptions {
  sliceMs?: number;
  rowsAStep?: number;
}

/**
 * Runs a derived index's build `steps` in slices between other work, for as long as it is
 * `current()` (a lookup that finished the build at once, a newer build or a `clear` retires it),
 * then calls `done()`. A failed build calls `failed()`: the next lookup builds at once and reports
 * the error there. The text column and the value indexes build this way (ADR 0011).
 */
export function buildInSlices(
  steps: Generator<void>,
  current: () => boolean,
  done: () => void,
  failed: () => void,
  sliceMs = SLICE_MS,
): Promise<void> {
  function* whileCurrent(): Generator<void> {
    for (;;) {
      if (!current()) return;
      if (steps.next().done) {
        done();
        return;
      }
      yield;
    }
  }
  // The first slice waits for the next turn: the list that started the build answers first.
  return nextTurn()
    .then(() => runInSlices(whileCurrent(), sliceMs))
    .catch(() => {
      if (current()) failed();
    });
}

/** A turn of the event loop (`setImmediate` in Node; a timer in a page, as `runInSlices` does). */
function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** The steps of filing every entry of `rows` with `file`, `rowsAStep` entries a step. */
export function* fileEach<Row>(rows: Iterable<[number, Row]>, file: (key: number, row: Row) => void, rowsAStep: number): Generator<void> {
  let n = 0;
  for (const [key, row] of rows) {
    file(key, row);
    if (++n % rowsAStep === 0) yield;
  }
}
