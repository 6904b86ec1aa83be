import { noteStoreWrite } from './write-count.ts';

/**
 * Hears which keys of a `StoreMap` were written. Derived indexes (`value-index.ts`) are the
 * listeners: they note the key and re-read its row when they are next asked, so a write costs one
 * call and never reads another collection mid-write.
 */
export interface WriteWatcher<K> {
  /** `key` was set or deleted. */
  written(key: K): void;
  /** Every key went. */
  cleared(): void;
}

/**
 * The `Map` every store collection is made of. Reads are the plain `Map`'s, at native speed;
 * `set`, `delete` and `clear` also tell the watchers. Whatever writes a collection — a domain
 * rule, a fixture, the admin's import or journal replay — derived indexes stay true, without any
 * writer knowing they exist.
 *
 * Build one empty and `set` into it: `new StoreMap(entries)` is refused, because the `Map`
 * constructor would call `set` before the instance is ready.
 */
export class StoreMap<K, V> extends Map<K, V> {
  #watchers: WriteWatcher<K>[] = [];

  constructor(entries?: never) {
    super();
    if (entries !== undefined) throw new TypeError('StoreMap: build it empty and set entries into it');
  }

  /** Starts telling `watcher` about writes; answers the function that stops it. */
  watch(watcher: WriteWatcher<K>): () => void {
    this.#watchers = [...this.#watchers, watcher];
    return () => {
      this.#watchers = this.#watchers.filter((w) => w !== watcher);
    };
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    this.notifyWritten(key);
    return this;
  }

  override delete(key: K): boolean {
    const had = super.delete(key);
    if (had) this.notifyWritten(key);
    return had;
  }

  override clear(): void {
    super.clear();
    this.notifyCleared();
  }

  /** For subclasses that keep their entries elsewhere (copy-on-write views). */
  protected notifyWritten(key: K): void {
    noteStoreWrite();
    for (const w of this.#watchers) w.written(key);
  }

  protected notifyCleared(): void {
    noteStoreWrite();
    for (const w of this.#watchers) w.cleared();
  }
}

/**
 * A view that answers from a `lower` map except for the keys it holds itself (a session's
 * copy-on-write collection). An index over such a view asks the lower map's index and re-reads
 * the view's own keys, instead of indexing every row again per view.
 */
export interface LayeredMap<K, V> extends ReadonlyMap<K, V> {
  /** The map this view reads through to (null once the view was cleared). */
  readonly lower: ReadonlyMap<K, V> | null;
  /** The keys this view replaced, added or deleted: the only ones where it differs from `lower`. */
  ownKeys(): Iterable<K>;
}

export function isLayered<K, V>(map: ReadonlyMap<K, V>): map is LayeredMap<K, V> {
  return 'lower' in map && typeof (map as Partial<LayeredMap<K, V>>).ownKeys === 'function';
}

const derived = new WeakMap<object, Map<string, unknown>>();

/**
 * The derived structure named `name` of `map` when it is made, else undefined: an index's lookup
 * asks this first, so the found case — every list after the first — makes no `make` closure
 * (issue 26, nineteenth session: three a request list, ~70 B each).
 */
export function derivedFound<T>(map: StoreMap<unknown, unknown>, name: string): T | undefined {
  return derived.get(map)?.get(name) as T | undefined;
}

/**
 * The derived structure named `name` of `map` (an index), made by `make` on first use and kept
 * as long as the map lives. `make` may answer null (nothing to derive): asked again next time.
 */
export function derivedOf<T>(map: StoreMap<unknown, unknown>, name: string, make: () => T | null): T | null {
  let byName = derived.get(map);
  if (!byName) {
    byName = new Map();
    derived.set(map, byName);
  }
  const found = byName.get(name) as T | undefined;
  if (found !== undefined) return found;
  const made = make();
  if (made !== null) byName.set(name, made);
  return made;
}
