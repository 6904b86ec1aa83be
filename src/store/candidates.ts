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
  /**
   * The same keys as a table of bits (key k is bit `k & 31` of word `k >>> 5`, none past its end),
   * when the index keeps one (a large, dense posting list): several sets and a key span are then
   * intersected a word at a time (`bit-words.ts`). The table is the index's own: read it at once.
   */
  words?(): Uint32Array | null;
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
  /** Every key as a bit, when the set keeps such a table (`PostingList.words`). */
  words?(): Uint32Array | null;
}

/** One key as a set (a value only one row holds). */
export function oneKey(key: number): KeySet {
  return new OneKey(key);
}

class OneKey implements KeySet {
  readonly size = 1;
  constructor(readonly key: number) {}
  has(k: number): boolean {
    return k === this.key;
  }
  keys(): Iterable<number> {
    return [this.key];
  }
  ascending(): AscendingRun {
    return { keys: [this.key], from: 0, to: 1 };
  }
  [Symbol.iterator](): Iterator<number> {
    return [this.key][Symbol.iterator]();
  }
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

/**
 * The rows of several values of one field: disjoint sets (a row is filed under one value). Made
 * per lookup, so as class instances: the methods are shared, not closures made each time.
 */
export function unionOf(sets: KeySet[]): Candidates {
  return sets.length === 1 ? new OneSet(sets[0]!) : new UnionOfSets(sets);
}

/** `unionOf([set])`, without the array. */
export function unionOf1(set: KeySet): Candidates {
  return new OneSet(set);
}

/** The rows of one value (an exact filter: the hot lists'). */
class OneSet implements Candidates {
  readonly exact = true;
  readonly estimate: number;
  constructor(readonly set: KeySet) {
    this.estimate = set.size;
  }
  count(): number {
    return this.set.size;
  }
  keys(): Iterable<number> {
    return this.set.keys();
  }
  ascending(): AscendingRun[] | null {
    const run = this.set.ascending?.() ?? null;
    return run === null ? null : run.to > run.from ? [run] : [];
  }
  words(): Uint32Array | null {
    return this.set.words?.() ?? null;
  }
  has(k: number): boolean {
    return this.set.has(k);
  }
}

class UnionOfSets implements Candidates {
  readonly exact = true;
  readonly estimate: number;
  constructor(readonly sets: readonly KeySet[]) {
    this.estimate = sets.reduce((n, s) => n + s.size, 0);
  }
  count(): number {
    return this.estimate;
  }
  ascending(): AscendingRun[] | null {
    return runsOf(this.sets);
  }
  *keys(): Iterable<number> {
    for (const s of this.sets) yield* s;
  }
  has(k: number): boolean {
    return this.sets.some((s) => s.has(k));
  }
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
