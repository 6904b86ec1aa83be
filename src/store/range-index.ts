import { KeyColumn } from './key-column.ts';
import { BuildSlot, sortInSteps, type SlicedBuild, type WarmOptions } from './sliced-build.ts';
import type { Store } from './store.ts';
import { derivedFound, derivedOf, isLayered, StoreMap } from './store-map.ts';
import type { Candidates } from './candidates.ts';
import { KeyRangeCandidates, RangeCandidates, type ValueRange } from './range-candidates.ts';
import type { Dependency } from './value-index.ts';

export type { TextRange, ValueRange } from './range-candidates.ts';

/** How a range index reads its rows. */
export interface RangeSpec<Row, V extends string | number = string> {
  rows(store: Store): ReadonlyMap<number, Row>;
  value(row: Row, store: Store): V | null | undefined;
  /** Values the index may hold; when one is not, the index gives up and the list scans. */
  accepts(value: V): boolean;
  /** True when the value is the row's key itself: the sorted keys then also serve newest first. */
  isKey?: boolean;
  /** Other collections `value` reads, as for a value index (`IndexSpec.reads`). */
  reads?: (store: Store) => Dependency[];
}

/** More written keys than this at one lookup: sorting afresh beats moving each one. */
const REFILE_LIMIT = 2048;

/**
 * Rows sorted by a value, for range filters (`created_date__gte=2025-01-01` matches most rows:
 * only a sorted index answers it without reading them all). Canonical ISO date-times sort as
 * text as they fall in time, which is also how the date filters compare them; keys sort as
 * numbers (`pk__gt`).
 *
 * Derived like a value index (ADR 0011): built on first use, kept true by watching writes. A
 * written row is moved to its new place at the next lookup (a binary search and a splice: a
 * `modified_date` changes on every write and sorts last again); a large burst sorts afresh. Over
 * a session's copy-on-write view it answers null (the list scans): sessions are small by nature.
 */
export function rangeIndexOf<Row, V extends string | number = string>(
  store: Store,
  name: string,
  spec: RangeSpec<Row, V>,
): RangeIndex<V> | null {
  const rows = spec.rows(store);
  if (isLayered(rows) || !(rows instanceof StoreMap)) return null;
  // Made once: every later list finds it without a `make` closure (`derivedFound`).
  const found = derivedFound<RangeIndex<V>>(rows, name);
  if (found !== undefined) return found;
  return derivedOf(rows, name, () => {
    const dependencies = spec.reads?.(store) ?? [];
    if (dependencies.some((d) => !(d.rows instanceof StoreMap) || isLayered(d.rows))) return null;
    return new RangeIndex<V>({ ...store }, rows as StoreMap<number, Row>, spec as RangeSpec<unknown, V>, dependencies);
  });
}

export class RangeIndex<V extends string | number> implements SlicedBuild {
  readonly #store: Store;
  readonly #rows: StoreMap<number, unknown>;
  readonly #spec: RangeSpec<unknown, V>;
  /** Values ascending, and the key of each (ties by key). */
  #values: V[] = [];
  #keys: number[] = [];
  /** Each indexed key's value (an array slot a key: `key-column.ts`). */
  #valueOf = new KeyColumn<V>();
  #dirty = new Set<number>();
  #dirtyReads: [Dependency, number][] = [];
  /** Some stored value is not one the index can order: every lookup answers null. */
  #unusable = false;
  /**
   * `#keys` is ascending too: the values rise with the keys (requests' `created_date`, as rows
   * are made in time). A range is then a span of keys, and `has` two number compares instead of
   * two text compares through a closure (a list's count walk asks it of every key of a smaller
   * set). Set by a build, kept while writes file keys in order, dropped otherwise until the next.
   */
  #keyOrdered = false;
  /** The build in slices under way, if any. */
  readonly #build = new BuildSlot((rowsAStep) => this.#startBuild(rowsAStep));

  constructor(store: Store, rows: StoreMap<number, unknown>, spec: RangeSpec<unknown, V>, dependencies: Dependency[]) {
    this.#store = store;
    this.#rows = rows;
    this.#spec = spec;
    const watcher = (note: (key: number) => void) => ({
      written: (key: number) => {
        if (!this.#build.whole) note(key);
      },
      cleared: () => {
        this.#build.invalidate();
      },
    });
    rows.watch(watcher((key) => this.#dirty.add(key)));
    for (const d of dependencies) (d.rows as StoreMap<number, unknown>).watch(watcher((key) => this.#dirtyReads.push([d, key])));
  }

  /** Builds in slices between other work, unless built or being built (`BuildSlot.warm`). */
  warm(options: WarmOptions = {}): Promise<void> {
    return this.#build.warm(options);
  }

  built(): boolean {
    return this.#build.built();
  }

  /** Rows whose value lies in `range`; null when the index cannot answer. */
  lookup(range: ValueRange<V>): Candidates | null {
    this.#refresh();
    if (this.#unusable) return null;
    const from = range.lower ? this.#bound(range.lower.value, !range.lower.inclusive) : 0;
    const to = range.upper ? this.#bound(range.upper.value, range.upper.inclusive) : this.#values.length;
    const end = Math.max(from, to);
    // Every row filed, in key order: the range is the rows' keys from its first key to its last.
    const spanned = this.#keyOrdered && this.#keys.length === this.#rows.size;
    return this.#spec.isKey === true
      ? new KeyRangeCandidates(this, this.#keys, from, end, this.#valueOf, this.#keyOrdered, spanned, range)
      : new RangeCandidates(this, this.#keys, from, end, this.#valueOf, this.#keyOrdered, spanned, range);
  }

  /** The first position whose value is ≥ `value` (or > it, when `after`). */
  #bound(value: V, after: boolean): number {
    let lo = 0;
    let hi = this.#values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.#values[mid]!;
      if (v < value || (after && v === value)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The position of (`value`, `key`) in the sorted arrays, or where it would go. */
  #position(value: V, key: number): number {
    let lo = 0;
    let hi = this.#values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.#values[mid]!;
      if (v < value || (v === value && this.#keys[mid]! < key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #valueNow(key: number): V | undefined {
    const row = this.#rows.get(key);
    return row === undefined ? undefined : this.#spec.value(row, this.#store) ?? undefined;
  }

  #refresh(): void {
    this.#build.finishNow();
    // No fresh empty array a lookup when nothing was written (every read of a list).
    if (this.#dirtyReads.length > 0) {
      for (const [d, key] of this.#dirtyReads) for (const k of d.affected(key)) this.#dirty.add(k);
      this.#dirtyReads = [];
    }
    if (this.#dirty.size === 0) return;
    // Written rows move to their place one by one; past a few, or once one cannot, sort anew.
    const moved = this.#dirty.size <= REFILE_LIMIT && !this.#unusable && [...this.#dirty].every((key) => this.#move(key));
    this.#dirty.clear();
    if (moved) return;
    this.#build.invalidate();
    this.#build.finishNow();
  }

  /**
   * Starts reading every row's value anew (through the live Map iterator) and sorting them; every
   * write from now on is noted, and moved once the build is done. A key met twice (deleted and
   * added again meanwhile) is read once: the write is noted.
   */
  #startBuild(rowsAStep: number): Generator<void> {
    this.#dirty.clear();
    this.#dirtyReads = [];
    this.#unusable = false;
    this.#keyOrdered = false;
    this.#values = [];
    this.#keys = [];
    this.#valueOf = new KeyColumn<V>();
    const self = this;
    function* steps(): Generator<void> {
      // Keys only, their values in `valueOf`: a [value, key] pair per row was 150,000 small arrays
      // kept alive through the build, each copied by every young-generation collection meanwhile.
      const keys: number[] = [];
      const valueOf = self.#valueOf;
      let n = 0;
      for (const key of self.#rows.keys()) {
        if (++n % rowsAStep === 0) yield;
        if (valueOf.get(key) !== undefined) continue;
        const v = self.#valueNow(key);
        if (v === undefined) continue;
        if (!self.#spec.accepts(v)) {
          self.#unusable = true;
          return;
        }
        keys.push(key);
        valueOf.set(key, v);
      }
      const byValueThenKey = (a: number, b: number): number => {
        const va = valueOf.get(a)!;
        const vb = valueOf.get(b)!;
        return va < vb ? -1 : va > vb ? 1 : a - b;
      };
      const sorted = yield* sortInSteps(keys, byValueThenKey, Number.isFinite(rowsAStep) ? rowsAStep * 8 : keys.length + 1);
      self.#values = sorted.map((k) => valueOf.get(k)!);
      self.#keys = sorted;
      let ordered = true;
      for (let i = 1; i < sorted.length && ordered; i += 1) ordered = sorted[i - 1]! < sorted[i]!;
      self.#keyOrdered = ordered;
    }
    return steps();
  }

  /** Moves a written key to where its value now sorts; false when only a fresh sort will do. */
  #move(key: number): boolean {
    const before = this.#valueOf.get(key);
    const v = this.#valueNow(key);
    if (before === v) return true;
    if (v !== undefined && !this.#spec.accepts(v)) return false;
    if (before !== undefined) {
      const at = this.#position(before, key);
      if (this.#keys[at] !== key) return false;
      this.#values.splice(at, 1);
      this.#keys.splice(at, 1);
      this.#valueOf.delete(key);
    }
    if (v !== undefined) {
      const last = this.#values.length - 1;
      const appends = last < 0 || this.#values[last]! < v || (this.#values[last] === v && this.#keys[last]! < key);
      const at = appends ? this.#values.length : this.#position(v, key);
      const keys = this.#keys;
      // Still ascending by key only if the key falls between its neighbours' keys.
      if (this.#keyOrdered && ((at > 0 && keys[at - 1]! > key) || (at < keys.length && keys[at]! < key))) this.#keyOrdered = false;
      if (appends) {
        this.#values.push(v);
        keys.push(key);
      } else {
        this.#values.splice(at, 0, v);
        keys.splice(at, 0, key);
      }
      this.#valueOf.set(key, v);
    }
    return true;
  }
}
