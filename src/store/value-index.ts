import { KeyColumn } from './key-column.ts';
import { fileUnder, unfileFrom, ValueBuckets } from './buckets.ts';
import { ShardedMap } from './sharded-map.ts';
import { BuildSlot, fileEach, type WarmOptions } from './sliced-build.ts';
import { candidatesOf, oneKey, unionOf, unionOf1, type Candidates, type KeySet } from './candidates.ts';
import type { Store } from './store.ts';
import { derivedFound, derivedOf, isLayered, StoreMap, type WriteWatcher } from './store-map.ts';

/** A value an index files a row under (what a filter compares). */
export type IndexKey = string | number | boolean | null | undefined;

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
  // Made once: every later list finds it without a `make` closure (`derivedFound`).
  const found = derivedFound<RowIndex>(rows, name);
  if (found !== undefined) return found;
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
   * an order number are one row's), several as a sorted `PostingList` (a plain array: 8 bytes a key,
   * not a Set's ~30); pk values in slots, not `Map` entries (`ValueBuckets`).
   */
  #buckets = new Map<string, ValueBuckets<IndexKey>>();
  /**
   * The values each row is filed under, one `KeyColumn` per field in `#fields` order (8 bytes a
   * row and field; `undefined` where a row is not filed, `NO_VALUE` for a filed `undefined`).
   */
  #filed: KeyColumn<Filed>[] = [];
  /**
   * A string value held by several rows, as first filed: later rows file this one copy (folded
   * texts). Sharded: an order number shared by two requests is one entry, ~50,000 at 150,000, and
   * one `Map` that size grows in a single rehash of tens of milliseconds (`sharded-map.ts`).
   */
  #shared = new ShardedMap<string, string>();
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
    if (values.length === 1) {
      // One value (an exact filter: the hot lists'): no set to drop repeats, no array of sets.
      const s = bucket.get(values[0]);
      return s === undefined ? unionOf(NO_SETS) : unionOf1(typeof s === 'number' ? oneKey(s) : s);
    }
    const sets: KeySet[] = [];
    for (const v of new Set(values)) {
      const s = bucket.get(v);
      if (s !== undefined) sets.push(typeof s === 'number' ? oneKey(s) : s);
    }
    return unionOf(sets);
  }

  /** Starts filing every row anew (through the live Map iterator); writes from now on are noted. */
  #startBuild(rowsAStep: number): Generator<void> {
    this.#dirty.clear();
    this.#dirtyReads = [];
    this.#buckets = new Map(this.#fields.map(([f]) => [f, new ValueBuckets<IndexKey>()]));
    this.#filed = this.#fields.map(() => new KeyColumn<Filed>());
    this.#shared = new ShardedMap();
    return fileEach(this.#rows.entries(), (key, row) => this.#refile(key, row), rowsAStep);
  }

  #refresh(): void {
    this.#build.finishNow();
    // No fresh empty array a lookup when nothing was written (every read of a list).
    if (this.#dirtyReads.length > 0) {
      for (const [d, key] of this.#dirtyReads) for (const k of d.affected(key)) this.#dirty.add(k);
      this.#dirtyReads = [];
    }
    if (this.#dirty.size === 0) return;
    for (const key of this.#dirty) this.#refile(key, this.#rows.get(key));
    this.#dirty.clear();
  }

  /** Files `key` under its row's values now (or nowhere: no row), wherever it was before. */
  #refile(key: number, row: Row | undefined): void {
    const columns = this.#filed;
    if (columns[0]!.get(key) === undefined) {
      if (row !== undefined) this.#file(key, row);
      return;
    }
    this.#fields.forEach(([f, read], i) => {
      const filed = columns[i]!.get(key);
      const before = filed === NO_VALUE ? undefined : (filed as IndexKey);
      // A field the write left as it was stays where it is filed (most writes move one or two of
      // a row's ~13: a request's note moves none), with no posting list taken apart and rebuilt.
      if (row !== undefined && read(row, this.#store) === before) return;
      unfileFrom(this.#buckets.get(f)!, before, key);
      columns[i]!.delete(key);
      if (row !== undefined) this.#fileOne(f, read, i, key, row);
    });
  }

  #file(key: number, row: Row): void {
    this.#fields.forEach(([f, read], i) => this.#fileOne(f, read, i, key, row));
  }

  #fileOne(f: string, read: (row: Row, store: Store) => IndexKey, i: number, key: number, row: Row): void {
    let v = read(row, this.#store);
    if (typeof v === 'string') v = this.#shared.get(v) ?? v;
    if (fileUnder(this.#buckets.get(f)!, v, key) && typeof v === 'string') this.#shared.set(v, v);
    this.#filed[i]!.set(key, v === undefined ? NO_VALUE : v);
  }
}

const NO_SETS: KeySet[] = [];

/** What a row's column holds: its value, or `NO_VALUE` for `undefined` (a column's own "none"). */
type Filed = Exclude<IndexKey, undefined> | typeof NO_VALUE;
const NO_VALUE: unique symbol = Symbol('no value');

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
