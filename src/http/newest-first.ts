import type { Predicate } from '../domain/shared/filter-engine.ts';
import type { Candidates } from '../store/value-index.ts';
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
 * row is read but the page's, and nothing the size of the result is built: the count is a walk,
 * the page the largest keys kept in a heap of the page's size (a list's temporaries of 100,000
 * keys would land in V8's large-object space and bring on full collections of the whole store).
 * Otherwise the rows left are read and the filters not answered exactly are run on them (so a
 * generous candidate set is harmless). Without indexed filters every row is read, or, with no
 * filters at all, none but the page's. All ways answer the same rows in the same order
 * (`test/list-index.test.ts`).
 */
export function newestFirst<T>(
  rows: ReadonlyMap<number, T>,
  filters: RowFilters<T>,
  /** Every key, from an index that keeps them sorted (`newestFirst`): large results page from the top. */
  sortedKeys?: () => Candidates | null,
): RowList<T> {
  const found: Candidates[] = [];
  const answered = new Set<number>();
  for (const source of filters.sources) {
    const c = source.find();
    if (!c) continue;
    found.push(c);
    if (c.exact) answered.add(source.predicate);
  }
  if (found.length === 0) {
    if (filters.predicates.length > 0) return scanNewestFirst(rows, filters.predicates);
    const all = sortedKeys?.() ?? null;
    return keySelection(rows, () => rows.keys(), () => true, rows.size, all?.newestFirst?.bind(all));
  }
  found.sort((a, b) => a.estimate - b.estimate);
  const [driver, ...others] = found as [Candidates, ...Candidates[]];
  // Index keys always have rows; only keys the query named itself (`pk__in`) may not.
  const mustExist = found.every((c) => c.named);
  const accept = (key: number) => {
    for (const o of others) if (!o.has(key)) return false;
    return !mustExist || rows.has(key);
  };
  const rest = filters.predicates.filter((_, i) => !answered.has(i));
  if (rest.length === 0) {
    // One exact set alone that knows its size: the count is that size, no walk.
    const known = others.length === 0 && !mustExist && driver.count ? driver.count() : null;
    if (driver.newestFirst) return keySelection(rows, () => driver.keys(), accept, known, driver.newestFirst.bind(driver));
    // A large set in no key order (a common status, most dates): ten of its keys are soon met
    // walking every key from the top, where a heap would walk the whole set.
    const all = driver.estimate * 8 > rows.size ? sortedKeys?.() : null;
    const top = all?.newestFirst?.bind(all);
    return top
      ? keySelection(rows, () => driver.keys(), accept, known, top, (key) => driver.has(key) && accept(key))
      : keySelection(rows, () => driver.keys(), accept, known);
  }
  const keys: number[] = [];
  for (const key of driver.keys()) if (accept(key)) keys.push(key);
  const out: T[] = [];
  outer: for (const key of descendingUnique(keys)) {
    const row = rows.get(key);
    if (row === undefined) continue;
    for (const p of rest) if (!p(row)) continue outer;
    out.push(row);
  }
  return out;
}

/** Results up to this many keys are kept from the counting walk (a regular-size array). */
const KEEP_WHILE_COUNTING = 8192;

/**
 * The rows of the accepted keys (each key yielded once), counted by a walk and cut into pages by
 * keeping only the largest `end` keys. A small result is kept from the counting walk, so it is
 * walked once.
 */
function keySelection<T>(
  rows: ReadonlyMap<number, T>,
  keys: () => Iterable<number>,
  accept: (key: number) => boolean,
  knownCount: number | null,
  descending?: () => Iterable<number>,
  /** Which of `descending`'s keys belong (defaults to `accept`: they are the same keys). */
  acceptDescending: (key: number) => boolean = accept,
): RowList<T> {
  let count = knownCount;
  let kept: number[] | null = null;
  return {
    get length() {
      if (count === null) {
        let n = 0;
        let some: number[] | null = [];
        for (const key of keys()) {
          if (!accept(key)) continue;
          n += 1;
          if (some !== null) {
            if (some.length < KEEP_WHILE_COUNTING) some.push(key);
            else some = null;
          }
        }
        count = n;
        kept = some === null ? null : descendingUnique(some);
      }
      return count;
    },
    slice(start = 0, end = Number.POSITIVE_INFINITY) {
      const top = kept ?? (descending ? firstAccepted(descending(), acceptDescending, end) : largest(keys(), accept, end));
      return top.slice(start, end).map((k) => rows.get(k)!);
    },
  };
}

/** The first `n` accepted keys of keys given largest first (each once). */
function firstAccepted(keys: Iterable<number>, accept: (key: number) => boolean, n: number): number[] {
  const out: number[] = [];
  if (n <= 0) return out;
  for (const key of keys) {
    if (!accept(key)) continue;
    out.push(key);
    if (out.length >= n) break;
  }
  return out;
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
