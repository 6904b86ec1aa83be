/** Candidate row keys an index answers a filter with (ADR 0011), and the sets they are made of. */

/**
 * The rows that may match: never fewer than do match (the caller tests each one with the
 * filters), usually exactly them, possibly a key twice. `estimate` is about how many `keys()`
 * yields, for choosing the smallest of several; `has` answers for one key without reading its
 * row, so several candidate sets can be intersected before any row is touched.
 */
export interface Candidates {
  /** True when every key's row holds the value (not just may): its filter need not be run. */
  readonly exact: boolean;
  /** True when keys were named by the caller (`pk__in`), so a key may have no row at all. */
  readonly named?: boolean;
  readonly estimate: number;
  /**
   * How many distinct keys `keys()` yields, every one with a row, when that is known without a
   * walk (an index bucket's size): a list filtered by this alone counts in O(1).
   */
  count?(): number;
  keys(): Iterable<number>;
  /** The same keys largest first, when they are kept in key order (a page walks ten, not all). */
  newestFirst?(): Iterable<number>;
  /**
   * The same keys as ascending runs that share no key, when the index keeps them sorted (null
   * when it cannot now): a page is read by position from the end and a count is a sum of lengths,
   * where a walk from the top would ask `has` of every key above the page. The arrays are the
   * index's own: read them at once, before the next write.
   */
  ascending?(): readonly AscendingRun[] | null;
  /**
   * The sorted index whose order `keys()` follows (a range index's): two candidate sets of the
   * same index walk the same order, so a feed walking that order may walk the narrower one.
   */
  readonly orderOf?: object;
  /**
   * The keys are exactly the collection's keys from `lo` to `hi` that have rows (a range of an
   * index whose values rise with the keys and that files every row): "in the set" is then "in
   * that span", and a smaller set's runs are clipped to it by position (`clipBySpans`).
   */
  readonly keySpan?: { readonly lo: number; readonly hi: number };
  has(key: number): boolean;
}

/** Keys ascending in `keys[from]…keys[to - 1]` (an index's sorted array, read in place). */
export interface AscendingRun {
  readonly keys: ArrayLike<number>;
  readonly from: number;
  readonly to: number;
}

/**
 * Candidates from a list of keys (a `pk__in` filter's own values). Exact: the caller drops keys
 * that have no row.
 */
export function candidatesOf(named: readonly number[]): Candidates {
  const keys = [...new Set(named)];
  let set: Set<number> | null = null;
  return {
    exact: true,
    named: true,
    estimate: keys.length,
    keys: () => keys,
    has: (key) => (set ??= new Set(keys)).has(key),
  };
}

/** The keys of one value: a `PostingList`, or a lone key. */
export interface KeySet extends Iterable<number> {
  readonly size: number;
  has(key: number): boolean;
  keys(): Iterable<number>;
  /** Every key ascending in one run, when the set keeps them so (`PostingList`). */
  ascending?(): AscendingRun | null;
}

export function oneKey(key: number): KeySet {
  const run: AscendingRun = { keys: [key], from: 0, to: 1 };
  return { size: 1, has: (k) => k === key, keys: () => [key], ascending: () => run, [Symbol.iterator]: () => [key][Symbol.iterator]() };
}

/** The sets' runs, or null when one of them has none. */
function runsOf(sets: readonly KeySet[]): AscendingRun[] | null {
  const runs: AscendingRun[] = [];
  for (const s of sets) {
    const run = s.ascending?.() ?? null;
    if (run === null) return null;
    if (run.to > run.from) runs.push(run);
  }
  return runs;
}

/** The rows of several values of one field: disjoint sets (a row is filed under one value). */
export function unionOf(sets: KeySet[]): Candidates {
  const total = sets.reduce((n, s) => n + s.size, 0);
  if (sets.length === 1) {
    const only = sets[0]!;
    return { exact: true, estimate: only.size, count: () => only.size, keys: () => only.keys(), ascending: () => runsOf(sets), has: (k) => only.has(k) };
  }
  return {
    exact: true,
    estimate: total,
    count: () => total,
    ascending: () => runsOf(sets),
    *keys() {
      for (const s of sets) yield* s;
    },
    has: (k) => sets.some((s) => s.has(k)),
  };
}


/**
 * `driver` clipped to the key spans of `others` (`keySpan`), and the others without them: a list
 * by `status` and `created_date__lte` reads the status's keys up to the span's end by position,
 * where it asked the date range `has` of every one (issue 26, twelfth session). Null when no
 * other has a span or the driver keeps no runs (nothing to clip by position).
 */
export function clipBySpans(driver: Candidates, others: readonly Candidates[]): { driver: Candidates; others: Candidates[] } | null {
  const ascending = driver.ascending;
  if (ascending === undefined || !others.some((o) => o.keySpan !== undefined)) return null;
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  const rest: Candidates[] = [];
  for (const o of others) {
    const span = o.keySpan;
    if (span === undefined) rest.push(o);
    else {
      if (span.lo > lo) lo = span.lo;
      if (span.hi < hi) hi = span.hi;
    }
  }
  const clipped: Candidates = {
    exact: driver.exact,
    ...(driver.named === true && { named: true }),
    estimate: driver.estimate,
    *keys() {
      for (const k of driver.keys()) if (k >= lo && k <= hi) yield k;
    },
    has: (k) => k >= lo && k <= hi && driver.has(k),
    ascending: () => {
      const runs = ascending.call(driver);
      return runs === null ? null : runs.map((r) => clipRun(r, lo, hi));
    },
  };
  return { driver: clipped, others: rest };
}

/** The part of `run` from the first key ≥ `lo` to the last ≤ `hi` (two binary searches). */
function clipRun(run: AscendingRun, lo: number, hi: number): AscendingRun {
  const from = firstAtLeast(run, run.from, lo, false);
  const to = Math.max(from, firstAtLeast(run, from, hi, true));
  return { keys: run.keys, from, to };
}

/** The first position from `from` whose key is ≥ `bound` (> it, when `after`), or `run.to`. */
function firstAtLeast(run: AscendingRun, from: number, bound: number, after: boolean): number {
  let a = from;
  let b = run.to;
  while (a < b) {
    const mid = (a + b) >>> 1;
    const k = run.keys[mid]!;
    if (k < bound || (after && k === bound)) a = mid + 1;
    else b = mid;
  }
  return a;
}
