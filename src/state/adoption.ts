import { BACKGROUND_SLICE_MS } from '../common/run-in-slices.ts';
import { CHUNK_ENTRIES } from '../store/chunked-store-map.ts';

/**
 * How a shared collection takes its base in after its first write (`CopyOnWriteMap.adoptInSlices`):
 * in slices of at most `sliceMs` (and `sliceEntries` entries), with a turn of the event loop
 * between them, into a chunked map of `chunkEntries`-entry `Map`s. Copying the 356,000 order
 * items of the largest seed in one step blocked every other request for 50–150 ms (bench/SOAK.md,
 * "The first write after a reseed").
 *
 * One setting for the process; a test makes the slices tiny and drives them itself (`schedule`).
 */
export interface AdoptionSettings {
  /** Longest a slice runs, in milliseconds of the wall clock. */
  sliceMs: number;
  /** Most entries a slice copies (tests: a few, so an adoption spans several slices). */
  sliceEntries: number;
  /** Entries one inner `Map` of the adopted collection holds at most. */
  chunkEntries: number;
  /**
   * Runs `slice` until it answers true (done), one call per turn of the event loop. The
   * default waits a turn before the first slice: the write that started the adoption answers first.
   */
  schedule: (slice: () => boolean) => void;
}

/**
 * A turn of the event loop between slices: `setImmediate` in Node (I/O and timers run in
 * between), a timer where there is none (the browser build's service worker).
 */
export function everyTurn(slice: () => boolean): void {
  const later = typeof setImmediate === 'function' ? setImmediate : (f: () => void) => setTimeout(f, 0);
  const run = (): void => {
    if (!slice()) later(run);
  };
  later(run);
}

export const DEFAULT_ADOPTION: Readonly<AdoptionSettings> = {
  sliceMs: BACKGROUND_SLICE_MS,
  sliceEntries: Number.POSITIVE_INFINITY,
  chunkEntries: CHUNK_ENTRIES,
  schedule: everyTurn,
};

/** The process's settings: `DEFAULT_ADOPTION` unless a test changed them (`setAdoption`). */
export const adoption: AdoptionSettings = { ...DEFAULT_ADOPTION };

/** Changes some settings (tests); answers the previous ones, to restore with `setAdoption(previous)`. */
export function setAdoption(change: Partial<AdoptionSettings>): AdoptionSettings {
  const previous = { ...adoption };
  Object.assign(adoption, change);
  return previous;
}

let inProgress = 0;

/** How many collections are taking their base in right now (tests and benches wait on it). */
export function adoptionsInProgress(): number {
  return inProgress;
}

/** Counts an adoption in (+1) or out (-1): `CopyOnWriteMap` calls it. */
export function countAdoption(delta: 1 | -1): void {
  inProgress += delta;
}
