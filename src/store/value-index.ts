import { ShardedMap } from './sharded-map.ts';
import { BuildSlot, fileEach, type WarmOptions } from './sliced-build.ts';
import type { Store } from './store.ts';
import { derivedOf, isLayered, StoreMap, type WriteWatcher } from './store-map.ts';

/** A value an index files a row under (what a filter compares). */
export type IndexKey = string | number | boolean | null | undefined;

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
  has(key: number): boolean;
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

/** How an index reads its rows, from the store they belong to. */
export interface IndexSpec<Row> {
  /** The collection indexed. */
  rows(store: Store): ReadonlyMap<number, Row>;
  /** The fields rows are filed by: a name and how to read it from a row. */
  fields: Readonly<Record<string, (row: Row, store: Store) => IndexKey>>;
  /**
   * Other collections a field reads (a plan's channel is its order's), and which rows a write to
   * one of their keys may re-file. Optional: a field that reads only its own row needs none.
   */
  reads?: (store: Store) => Dependency[];
}

export interface Dependency {
  rows: ReadonlyMap<number, unknown>;
  /** The keys of the indexed rows that read `key` of `rows`. */
  affected(key: number): Iterable<number>;
}

/** What a filter asks of an index. */
export interface RowIndex {
  /** Rows whose `field` holds one of `values`. */
  lookup(field: string, values: readonly IndexKey[]): Candidates;
  /** Builds in slices between other work, unless built; resolves when the build under way ends (`sliced-build.ts`). */
  warm?(options?: WarmOptions): Promise<void>;
  /** Built, and not being built anew (a list waits until it is: `whenBuilt`). */
  built?(): boolean;
}

/**
 * Rows of one collection filed by field value, so a list filtered by `status=waiting` reads the
 * waiting plans instead of touching all of them (issue 12: a scan of 100,000 plans costs more
 * than the whole 25 ms budget).
 *
 * Derived, never stored or exported: built from the collection on first use and kept true by
 * watching its writes, and those of the collections its fields read (`StoreMap`). A write only
 * notes its key; the next lookup re-files the noted rows, so a burst of writes costs nothing
 * until somebody lists.
 *
 * Over a session's copy-on-write view (`LayeredMap`) the index is the lower map's, plus the
 * view's own keys (and the rows its own keys of a read collection affect) as candidates: a
 * session costs no index memory of its own.
 *
 * `null` for a collection it cannot watch — a plain `Map` (a test's hand-made store, the
 * harness's copies) — and the caller reads every row.
 */
export function indexOf<Row>(store: Store, name: string, spec: IndexSpec<Row>): RowIndex | null {
  const rows = spec.rows(store);
  if (isLayered(rows)) {
    const under = rows.lower === null ? null : indexOf(lowerOf(store), name, spec);
    if (rows.lower !== null && under === null) return null;
    return new LayeredIndex(under, rows, spec.reads?.(store) ?? []);
  }
  if (!(rows instanceof StoreMap)) return null;
  return derivedOf<RowIndex>(rows, name, () => {
    const dependencies = spec.reads?.(store) ?? [];
    if (dependencies.some((d) => !(d.rows instanceof StoreMap))) return null;
    return new ValueIndex(store, rows as StoreMap<number, Row>, spec.fields, dependencies);
  });
}

/** The store a session's views read through to: each copy-on-write collection's lower map. */
function lowerOf(store: Store): Store {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    out[name] = value instanceof Map && isLayered(value) ? value.lower : value;
  }
  return out as unknown as Store;
}

class ValueIndex<Row> implements RowIndex {
  readonly #store: Store;
  readonly #rows: StoreMap<number, Row>;
  readonly #fields: [string, (row: Row, store: Store) => IndexKey][];
  /**
   * field → value → row keys: a lone key as a plain number (most values of `order_item`, `iban`,
   * an order number are one row's; a `Set` each would cost ~100 bytes a row), several as a Set.
   */
  #buckets = new Map<string, ShardedMap<IndexKey, Bucket>>();
  /** row key → the values it is filed under, in `#fields` order. */
  #filed = new ShardedMap<number, IndexKey[] | IndexKey>();
  #dirty = new Set<number>();
  /** Keys of read collections written since the last lookup, with the dependency they belong to. */
  #dirtyReads: [Dependency, number][] = [];
  /** The build in slices under way, if any. */
  readonly #build = new BuildSlot((rowsAStep) => this.#startBuild(rowsAStep));

  constructor(store: Store, rows: StoreMap<number, Row>, fields: IndexSpec<Row>['fields'], dependencies: Dependency[]) {
    // The store object is read only through the collections captured here and in `dependencies`:
    // the shared store swaps its collections on reset, and the swapped-in ones get their own index.
    this.#store = { ...store };
    this.#rows = rows;
    this.#fields = Object.entries(fields);
    rows.watch(this.#watcher((key) => this.#dirty.add(key)));
    for (const d of dependencies) {
      (d.rows as StoreMap<number, unknown>).watch(this.#watcher((key) => this.#dirtyReads.push([d, key])));
    }
  }

  #watcher(note: (key: number) => void): WriteWatcher<number> {
    return {
      written: (key) => {
        if (!this.#build.whole) note(key);
      },
      cleared: () => {
        this.#build.invalidate();
      },
    };
  }

  /** Builds in slices between other work, unless built or being built (`BuildSlot.warm`). */
  warm(options: WarmOptions = {}): Promise<void> {
    return this.#build.warm(options);
  }

  built(): boolean {
    return this.#build.built();
  }

  lookup(field: string, values: readonly IndexKey[]): Candidates {
    this.#refresh();
    const bucket = this.#buckets.get(field);
    if (!bucket) throw new Error(`no index on ${field}`);
    const sets: ReadonlySet<number>[] = [];
    for (const v of new Set(values)) {
      const s = bucket.get(v);
      if (s !== undefined) sets.push(typeof s === 'number' ? new Set([s]) : s);
    }
    return unionOf(sets);
  }

  /** Starts filing every row anew (through the live Map iterator); writes from now on are noted. */
  #startBuild(rowsAStep: number): Generator<void> {
    this.#dirty.clear();
    this.#dirtyReads = [];
    this.#buckets = new Map(this.#fields.map(([f]) => [f, new ShardedMap<IndexKey, Bucket>()]));
    this.#filed = new ShardedMap();
    return fileEach(this.#rows.entries(), (key, row) => this.#refile(key, row), rowsAStep);
  }

  #refresh(): void {
    this.#build.finishNow();
    for (const [d, key] of this.#dirtyReads) for (const k of d.affected(key)) this.#dirty.add(k);
    this.#dirtyReads = [];
    if (this.#dirty.size === 0) return;
    for (const key of this.#dirty) this.#refile(key, this.#rows.get(key));
    this.#dirty.clear();
  }

  /** Files `key` under its row's values now (or nowhere: no row), wherever it was before. */
  #refile(key: number, row: Row | undefined): void {
    if (this.#filed.has(key)) {
      const before = this.#filed.get(key);
      // One field: its value alone was kept (no array per row).
      const values = this.#fields.length === 1 ? [before as IndexKey] : (before as IndexKey[]);
      this.#fields.forEach(([f], i) => unfile(this.#buckets.get(f)!, values[i], key));
      this.#filed.delete(key);
    }
    if (row !== undefined) this.#file(key, row);
  }

  #file(key: number, row: Row): void {
    const values = this.#fields.map(([f, read]) => {
      const v = read(row, this.#store);
      const bucket = this.#buckets.get(f)!;
      const s = bucket.get(v);
      if (s === undefined) bucket.set(v, key);
      else if (typeof s === 'number') {
        if (s !== key) bucket.set(v, new Set([s, key]));
      } else s.add(key);
      return v;
    });
    this.#filed.set(key, values.length === 1 ? values[0] : values);
  }
}

type Bucket = number | Set<number>;

function unfile(bucket: ShardedMap<IndexKey, Bucket>, value: IndexKey, key: number): void {
  const s = bucket.get(value);
  if (s === key) bucket.delete(value);
  else if (typeof s === 'object') {
    s.delete(key);
    if (s.size === 0) bucket.delete(value);
  }
}

/** The rows of several values of one field: disjoint sets (a row is filed under one value). */
function unionOf(sets: ReadonlySet<number>[]): Candidates {
  const total = sets.reduce((n, s) => n + s.size, 0);
  if (sets.length === 1) {
    const only = sets[0]!;
    return { exact: true, estimate: only.size, count: () => only.size, keys: () => only.keys(), has: (k) => only.has(k) };
  }
  return {
    exact: true,
    estimate: total,
    count: () => total,
    *keys() {
      for (const s of sets) yield* s;
    },
    has: (k) => sets.some((s) => s.has(k)),
  };
}

/** The lower map's index, plus every row the view may have changed (re-tested by the caller). */
class LayeredIndex implements RowIndex {
  readonly #under: RowIndex | null;
  readonly #view: { ownKeys(): Iterable<number> };
  readonly #dependencies: Dependency[];

  constructor(under: RowIndex | null, view: { ownKeys(): Iterable<number> }, dependencies: Dependency[]) {
    this.#under = under;
    this.#view = view;
    this.#dependencies = dependencies;
  }

  /** A session's view waits for its lower map's index (the view's own keys need none). */
  warm(options?: WarmOptions): Promise<void> {
    return this.#under?.warm?.(options) ?? Promise.resolve();
  }

  built(): boolean {
    return this.#under?.built?.() ?? true;
  }

  lookup(field: string, values: readonly IndexKey[]): Candidates {
    const below = this.#under?.lookup(field, values);
    const own = new Set(this.#view.ownKeys());
    for (const d of this.#dependencies) {
      if (!isLayered(d.rows)) continue;
      for (const key of d.rows.ownKeys()) for (const k of d.affected(key)) own.add(k);
    }
    return {
      exact: false,
      estimate: (below?.estimate ?? 0) + own.size,
      *keys() {
        if (below) yield* below.keys();
        yield* own;
      },
      has: (k) => own.has(k) || (below?.has(k) ?? false),
    };
  }
}
