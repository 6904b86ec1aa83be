import type { Predicate } from '../domain/shared/filter-engine.ts';
import { topOfRuns } from '../store/ascending-runs.ts';
import { wordSpanOf, WordSelection } from '../store/bit-words.ts';
import { clipBySpans, type Candidates } from '../store/candidates.ts';
import type { RowFilters } from './list-query.ts';

/** A filtered list's rows, read only as far as a page needs them (`paginate`). Arrays are ones. */
export interface RowList<T> {
  readonly length: number;
  slice(start?: number, end?: number): T[];
}

/**
 * The rows that pass every filter, newest first (DRF's default ordering here is `-pk`).
 *
 * When indexed filters are in the query, the smallest candidate set is walked and keys the other
 * sets lack are dropped before any row is read. If the indexes answered every filter exactly, no
 * row is read but the page's, and nothing the size of the result is built: count and page a word
 * at a time where every set has bits or a key span (store/bit-words.ts), else the count a walk and
 * the page the largest keys kept in a heap of the page's size (a list's temporaries of 100,000
 * keys would land in V8's large-object space and bring on full collections of the whole store).
 * Otherwise the rows left are read and the filters not answered exactly are run on them (so a
 * generous candidate set is harmless). Without indexed filters every row is read, or, with no
 * filters at all, none but the page's. All ways answer alike (`test/list-index.test.ts`).
 */
export function newestFirst<T>(
  rows: ReadonlyMap<number, T>,
  filters: RowFilters<T>,
  /** Every key, from an index that keeps them sorted (`newestFirst`): large results page from the top. */
  sortedKeys?: () => Candidates | null,
): RowList<T> {
  const { sources, predicates } = filters;
  // Of the size they can reach (a pushed-to `[]` takes room for 17); trimmed only when a source found nothing.
  const found = new Array<Candidates>(sources.length);
  let n = 0;
  let answered: boolean[] | null = null; // Which predicates an exact candidate set answered (null: none did).
  let mustExist = true; // Index keys always have rows; only keys the query named itself (`pk__in`) may not.
  for (let i = 0; i < sources.length; i += 1) {
    const source = sources[i]!;
    const c = source.find();
    if (!c) continue;
    found[n++] = c;
    if (c.exact) (answered ??= new Array<boolean>(predicates.length))[source.predicate] = true;
    if (c.named !== true) mustExist = false;
  }
  if (n < found.length) found.length = n;
  if (found.length === 0) {
    if (predicates.length > 0) return scanNewestFirst(rows, predicates);
    const all = sortedKeys?.() ?? null;
    return new KeySelection(rows, ALL_KEYS, NO_OTHERS, false, rows.size, inKeyOrder(all));
  }
  // Smallest first (a handful of sets: an insertion sort, no comparator closure).
  for (let i = 1; i < found.length; i += 1) {
    const c = found[i]!;
    let j = i - 1;
    for (; j >= 0 && found[j]!.estimate > c.estimate; j -= 1) found[j + 1] = found[j]!;
    found[j + 1] = c;
  }
  let rest: Predicate<T>[] | null = null;
  for (let i = 0; i < predicates.length; i += 1) if (answered?.[i] !== true) (rest ??= []).push(predicates[i]!);
  // Every filter answered exactly by bit tables or key spans: counted a word at a time (bit-words.ts).
  if (rest === null && found.length > 1 && !mustExist) {
    const span = wordSpanOf(found);
    if (span !== null) return new WordSelection(rows, span);
  }
  // A key span among the others (a date range over rows made in time) clips the driver instead.
  const clipped = found.length === 1 ? null : clipBySpans(found[0]!, found.slice(1));
  const driver = clipped?.driver ?? found[0]!;
  const others = clipped?.others ?? (found.length === 1 ? NO_OTHERS : found.slice(1));
  if (rest === null) {
    // One exact set alone that knows its size: the count is that size, no walk.
    const known = others.length === 0 && !mustExist && driver.count ? driver.count() : null;
    // A set kept in key order (a value's posting lists, a key range): its page is read by position.
    if (inKeyOrder(driver)) return new KeySelection(rows, driver, others, mustExist, known, driver);
    // A large set in no key order (most dates, a tag): ten of its keys are soon met walking every
    // key from the top, where a heap would walk the whole set.
    const all = inKeyOrder(driver.estimate * 8 > rows.size ? sortedKeys?.() ?? null : null);
    return new KeySelection(rows, driver, others, mustExist, known, all, all ? driver : null);
  }
  const keys: number[] = [];
  for (const key of driver.keys()) if (accepts(key, others, mustExist, rows)) keys.push(key);
  const out: T[] = [];
  outer: for (const key of descendingUnique(keys)) {
    const row = rows.get(key);
    if (row === undefined) continue;
    for (const p of rest) if (!p(row)) continue outer;
    out.push(row);
  }
  return out;
}

/** Whether `key` is in every one of `others` (and, when keys were named, has a row). */
function accepts(key: number, others: readonly Candidates[], mustExist: boolean, rows: ReadonlyMap<number, unknown>): boolean {
  for (let i = 0; i < others.length; i += 1) if (!others[i]!.has(key)) return false;
  return !mustExist || rows.has(key);
}

/** `c`, when it can hand out its keys in key order (sorted runs or a newest-first walk). */
function inKeyOrder(c: Candidates | null): Candidates | null {
  return c !== null && (c.ascending !== undefined || c.newestFirst !== undefined) ? c : null;
}

const NO_OTHERS: readonly Candidates[] = [];
/** Stands for "every row's key" where no filter narrowed the list (its keys are `rows.keys()`). */
const ALL_KEYS: Candidates = { exact: true, estimate: 0, keys: () => [], has: () => true };

/** Results up to this many keys are kept from the counting walk. */
const KEEP_WHILE_COUNTING = 8192;
/** Where the counting walk writes the keys it accepts: one buffer for every list, never a per-request
 * array (the walk is synchronous and calls nothing that lists), copied out only as long as the result. */
const scratch = new Float64Array(KEEP_WHILE_COUNTING);

/**
 * The rows of the accepted keys (`driver`'s keys that every one of `others` also has; each key
 * yielded once), counted by a walk and cut into pages. A result up to `KEEP_WHILE_COUNTING` keys
 * is kept from the counting walk (sorted, in one plain array), so it is walked once; a larger one
 * pages from `descending` (keys largest first, those `within` has: ten of them are soon met) or
 * by keeping only the largest `end` keys of another walk.
 */
class KeySelection<T> implements RowList<T> {
  #count: number | null;
  /** The accepted keys ascending, once the counting walk kept them. */
  #kept: number[] | null = null;

  constructor(
    readonly rows: ReadonlyMap<number, T>,
    /** Whose keys are walked (`ALL_KEYS`: the rows'). */
    readonly driver: Candidates,
    readonly others: readonly Candidates[],
    readonly mustExist: boolean,
    knownCount: number | null,
    /** Keys in key order (`ascending` runs or `newestFirst`), when some index has them so. */
    readonly descending: Candidates | null,
    /** Which of `descending`'s keys are the driver's (null: all of them are). */
    readonly within: Candidates | null = null,
  ) {
    this.#count = knownCount;
  }

  get length(): number {
    if (this.#count === null) this.#count = this.#walk();
    return this.#count;
  }

  slice(start = 0, end = Number.POSITIVE_INFINITY): T[] {
    const kept = this.#kept;
    const out: T[] = [];
    if (kept !== null) {
      // Largest first: position i from the top is kept[length - 1 - i].
      for (let i = kept.length - 1 - start, stop = kept.length - end; i >= 0 && i >= stop; i -= 1) out.push(this.rows.get(kept[i]!)!);
      return out;
    }
    const runs = this.descending?.ascending?.() ?? null;
    if (runs !== null) {
      for (const key of topOfRuns(runs, start, end, this.#acceptor())) out.push(this.rows.get(key)!);
      return out;
    }
    const top = this.descending?.newestFirst ? this.#firstFromTop(end) : largest(this.#keys(), (key) => this.#accepts(key), end);
    for (let i = start; i < top.length && i < end; i += 1) out.push(this.rows.get(top[i]!)!);
    return out;
  }

  /** What a key of `descending` must pass to be in the list (null: every key is). */
  #acceptor(): ((key: number) => boolean) | null {
    const within = this.within;
    if (within === null && this.others.length === 0 && !this.mustExist) return null;
    return (key) => (within === null || within.has(key)) && this.#accepts(key);
  }

  #keys(): Iterable<number> {
    return this.driver === ALL_KEYS ? this.rows.keys() : this.driver.keys();
  }

  #accepts(key: number): boolean {
    return accepts(key, this.others, this.mustExist, this.rows);
  }

  /** Counts the accepted keys, keeping them (sorted) while there are few enough. */
  #walk(): number {
    let n = 0;
    let ascending = true;
    let last = Number.NEGATIVE_INFINITY;
    const all = this.driver === ALL_KEYS;
    const accept = (key: number): void => {
      if (!all && !this.#accepts(key)) return;
      if (n < KEEP_WHILE_COUNTING) {
        scratch[n] = key;
        if (key <= last) ascending = false;
        last = key;
      }
      n += 1;
    };
    // A driver kept in key order (an exact filter's posting lists) is read by position: no
    // iterator, whose step results a walk of a few hundred keys allocated one by one.
    const runs = all ? null : this.driver.ascending?.() ?? null;
    if (runs !== null) {
      for (let r = 0; r < runs.length; r += 1) {
        const { keys, from, to } = runs[r]!;
        for (let i = from; i < to; i += 1) accept(keys[i]!);
      }
    } else for (const key of this.#keys()) accept(key);
    if (n <= KEEP_WHILE_COUNTING) {
      if (!ascending) scratch.subarray(0, n).sort();
      // A plain array: a typed array's own buffer of that size would be allocated off the heap.
      const kept: number[] = [];
      for (let i = 0; i < n; i += 1) if (i === 0 || scratch[i] !== scratch[i - 1]) kept.push(scratch[i]!);
      this.#kept = kept;
    }
    return n;
  }

  /** The first `n` accepted keys from the top (each once). */
  #firstFromTop(n: number): number[] {
    const out: number[] = [];
    if (n <= 0) return out;
    const within = this.within;
    for (const key of this.descending!.newestFirst!()) {
      if (within !== null && !within.has(key)) continue;
      if (!this.#accepts(key)) continue;
      out.push(key);
      if (out.length >= n) break;
    }
    return out;
  }
}

/** The `n` largest accepted keys, largest first (a min-heap of size `n`: one pass, no big arrays). */
function largest(keys: Iterable<number>, accept: (key: number) => boolean, n: number): number[] {
  if (n <= 0) return [];
  if (!Number.isFinite(n) || n > 4096) {
    const all: number[] = [];
    for (const key of keys) if (accept(key)) all.push(key);
    return descendingUnique(all).slice(0, n);
  }
  const heap: number[] = [];
  for (const key of keys) {
    if (heap.length === n && key <= heap[0]!) continue;
    if (!accept(key)) continue;
    if (heap.length < n) {
      heap.push(key);
      siftUp(heap, heap.length - 1);
    } else {
      heap[0] = key;
      siftDown(heap, 0);
    }
  }
  return heap.sort((a, b) => b - a);
}

function siftUp(heap: number[], i: number): void {
  const v = heap[i]!;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= v) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = v;
}

function siftDown(heap: number[], i: number): void {
  const v = heap[i]!;
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && heap[r]! < heap[l]! ? r : l;
    if (heap[c]! >= v) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = v;
}

/** Keys largest first, each once. Index sets and Maps mostly hold keys ascending already. */
function descendingUnique(keys: number[]): number[] {
  const sorted = Float64Array.from(keys);
  let ascending = true;
  for (let i = 1; i < sorted.length && ascending; i += 1) ascending = sorted[i - 1]! <= sorted[i]!;
  if (!ascending) sorted.sort();
  const out: number[] = [];
  for (let i = sorted.length - 1; i >= 0; i -= 1) {
    const key = sorted[i]!;
    if (out.length === 0 || out[out.length - 1] !== key) out.push(key);
  }
  return out;
}

/** Maps iterate in pk (insertion) order: one pass without copying, matches reversed at the end. */
function scanNewestFirst<T>(rows: ReadonlyMap<number, T>, predicates: readonly Predicate<T>[]): T[] {
  const out: T[] = [];
  outer: for (const row of rows.values()) {
    for (const p of predicates) if (!p(row)) continue outer;
    out.push(row);
  }
  return out.reverse();
}
