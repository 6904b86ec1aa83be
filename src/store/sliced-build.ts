import { runToEnd } from '../common/run-in-slices.ts';

/** Rows filed between two looks at the clock in a build in slices. */
export const ROWS_A_STEP = 250;
/** How long a slice of a build in the background may hold the event loop (issue 19: ≤ 50 ms a step). */
export const SLICE_MS = 8;

/** How finely a derived index's background build is cut (tests cut it into a few rows a step). */
export interface WarmOptions {
  sliceMs?: number;
  rowsAStep?: number;
}

/** A derived structure that can be built in slices and says when it is built (a list waits for it). */
export interface SlicedBuild {
  /** Built and not being rebuilt: a lookup now files at most the rows written since. */
  built(): boolean;
  /** Builds in slices unless built; resolves when the build under way (shared by every caller) ends. */
  warm(options?: WarmOptions): Promise<void>;
}

/**
 * The pacing of builds started without options (`warm()` from a list): a test cuts them finer so
 * a build at a cheap size spans many turns. Answers the function that restores the pacing before.
 */
export function setBuildPacing(pacing: WarmOptions): () => void {
  const before = { ...defaults };
  Object.assign(defaults, pacing);
  return () => Object.assign(defaults, before);
}
const defaults: Required<WarmOptions> = { sliceMs: SLICE_MS, rowsAStep: ROWS_A_STEP };

/** The rows a step of a build files, for `options` (or the pacing's default). */
export function rowsAStepOf(options: WarmOptions): number {
  return options.rowsAStep ?? defaults.rowsAStep;
}

interface Job {
  steps: Generator<void>;
  current: () => boolean;
  done: () => void;
  failed: () => void;
  sliceMs: number;
  finish: () => void;
}

/**
 * Every build in slices runs in one queue, one slice per turn of the event loop: builds started
 * together (a list warms every group of its kind) would otherwise each take a slice in the same
 * turn, and ten 8 ms slices back to back block the loop for 80 ms.
 */
const queue: Job[] = [];
let running = false;

/**
 * Runs a derived index's build `steps` in slices between other work, for as long as it is
 * `current()` (a lookup that finished the build at once, a newer build or a `clear` retires it),
 * then calls `done()`. A failed build calls `failed()`: the next lookup builds at once and reports
 * the error there. Resolves when the build ended, either way. The value indexes, the sorted
 * indexes and the text column build this way (ADR 0011).
 */
export function buildInSlices(
  steps: Generator<void>,
  current: () => boolean,
  done: () => void,
  failed: () => void,
  sliceMs = defaults.sliceMs,
): Promise<void> {
  return new Promise<void>((finish) => {
    queue.push({ steps, current, done, failed, sliceMs, finish });
    if (!running) {
      running = true;
      void runQueue();
    }
  });
}

async function runQueue(): Promise<void> {
  // The first slice waits for the next turn: the list that started the build answers first.
  await nextTurn();
  while (queue.length > 0) {
    const sliceStart = performance.now();
    while (queue.length > 0) {
      const job = queue[0]!;
      let ended = false;
      try {
        for (;;) {
          if (!job.current()) {
            ended = true;
            break;
          }
          if (job.steps.next().done) {
            job.done();
            ended = true;
            break;
          }
          if (performance.now() - sliceStart >= job.sliceMs) break;
        }
      } catch {
        if (job.current()) job.failed();
        ended = true;
      }
      if (!ended) break;
      queue.shift();
      job.finish();
      if (performance.now() - sliceStart >= job.sliceMs) break;
    }
    if (queue.length > 0) await nextTurn();
  }
  running = false;
}

/**
 * The build of one derived structure (a value index, a range index, a text column): whether it
 * must be built whole, and the build in slices under way — at most one, its end shared by every
 * caller that waits, finished at once by a lookup that cannot wait, dropped by a `clear`.
 * `begin(rowsAStep)` resets the structure and returns the steps that file every row.
 */
export class BuildSlot implements SlicedBuild {
  readonly #begin: (rowsAStep: number) => Generator<void>;
  #whole = true;
  #steps: Generator<void> | null = null;
  #end: Promise<void> = Promise.resolve();

  constructor(begin: (rowsAStep: number) => Generator<void>) {
    this.#begin = begin;
    noteUnbuilt();
  }

  /** Nothing is built (nor being built): writes need not be noted, the next use builds it whole. */
  get whole(): boolean {
    return this.#whole;
  }

  /** Every row must be filed anew (a `clear`, or more writes than moving them is worth). */
  invalidate(): void {
    this.#whole = true;
    this.#steps = null;
    noteUnbuilt();
  }

  built(): boolean {
    return !this.#whole && this.#steps === null;
  }

  /**
   * Builds in slices between other work (`buildInSlices`), unless built or being built; resolves
   * when the build ends. A build that throws leaves the structure to be built whole on next use.
   */
  warm(options: WarmOptions = {}): Promise<void> {
    if (!this.#whole) return this.#steps === null ? Promise.resolve() : this.#end;
    this.#whole = false;
    const steps = this.#begin(rowsAStepOf(options));
    this.#steps = steps;
    const done = () => {
      this.#steps = null;
    };
    const failed = () => {
      this.#whole = true;
    };
    this.#end = buildInSlices(steps, () => this.#steps === steps, done, failed, options.sliceMs);
    return this.#end;
  }

  /** Built now, at once: the whole build, or the rest of the one under way (a lookup that came first). */
  finishNow(): void {
    if (this.#whole) {
      this.#whole = false;
      this.#steps = null;
      runToEnd(this.#begin(Number.POSITIVE_INFINITY));
      return;
    }
    const steps = this.#steps;
    if (steps === null) return;
    this.#steps = null;
    runToEnd(steps);
  }
}

/** How many times a wait starts the builds anew (a reset swapped the collections meanwhile). */
const ROUNDS = 8;

/**
 * Null when every build `targets()` names is built (one without `built` is taken as built) (the hot path of every list: no promise, no
 * tick); otherwise a promise that warms the unbuilt ones in slices and resolves once they are all
 * built. `targets()` is asked again after each round: a reset or reseed that swapped the
 * collections (new indexes), or a `clear` that retired a build, starts another round. After a
 * few rounds it resolves anyway — a lookup is right whether or not its index was built, it only
 * builds at once then.
 */
export function whenBuilt(targets: () => ReadonlyArray<Partial<SlicedBuild> | null>): Promise<void> | null {
  const unbuilt = () => targets().filter((t): t is SlicedBuild => t?.built !== undefined && t.warm !== undefined && !t.built());
  const first = unbuilt();
  if (first.length === 0) return null;
  return (async () => {
    let pending = first;
    for (let round = 0; round < ROUNDS && pending.length > 0; round += 1) {
      await Promise.all(pending.map((t) => t.warm()));
      pending = unbuilt();
    }
  })();
}

/**
 * How many times a derived structure of this process may have become unbuilt: a new build slot
 * (a new index, after a reset swapped the collections or for a new session's kind), or an
 * `invalidate` (a `clear`, more writes than moving rows is worth). Only ever grows; a build that
 * ends never lowers it. `readinessOf` (readiness.ts) reads it to know that nothing it saw built has changed.
 */
let unbuiltMarks = 0;
function noteUnbuilt(): void {
  unbuiltMarks += 1;
}

/** The count of `noteUnbuilt` so far (readiness.ts). */
export function unbuiltMarkCount(): number {
  return unbuiltMarks;
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

/**
 * Sorts `items` by `compare` in steps of about `perStep` element moves (a bottom-up merge sort over
 * runs sorted by `Array.prototype.sort`): sorting 100,000 dates in one step holds the loop for
 * 50–150 ms. Runs already in order are joined without a merge (keys and dates mostly are).
 */
export function* sortInSteps<T>(items: T[], compare: (a: T, b: T) => number, perStep: number): Generator<void, T[]> {
  const run = Math.max(16, perStep);
  let from: T[] = items;
  for (let i = 0; i < from.length; i += run) {
    const sorted = from.slice(i, i + run).sort(compare);
    for (let j = 0; j < sorted.length; j += 1) from[i + j] = sorted[j]!;
    yield;
  }
  let to: T[] = new Array<T>(from.length);
  let moved = 0;
  for (let width = run; width < from.length; width *= 2) {
    for (let lo = 0; lo < from.length; lo += 2 * width) {
      const mid = Math.min(lo + width, from.length);
      const hi = Math.min(lo + 2 * width, from.length);
      let a = lo;
      let b = mid;
      let k = lo;
      const inOrder = mid >= hi || compare(from[mid - 1]!, from[mid]!) <= 0;
      while (k < hi) {
        if (inOrder || b >= hi) to[k++] = from[a++]!;
        else if (a >= mid) to[k++] = from[b++]!;
        else to[k++] = compare(from[a]!, from[b]!) <= 0 ? from[a++]! : from[b++]!;
        if (++moved >= perStep) {
          moved = 0;
          yield;
        }
      }
    }
    [from, to] = [to, from];
  }
  return from;
}
