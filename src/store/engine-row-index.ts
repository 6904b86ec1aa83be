import type { EngineRow } from './store.ts';
import { derivedOf, isLayered, StoreMap } from './store-map.ts';

/** Between a row's collection and its identity in an `engineRows` key. */
export const ENGINE_KEY_SEPARATOR = '\u0000';

/** The `engineRows` key of one generic object: `"<collection>\u0000<identity>"`. */
export function engineRowKey(collection: string, id: string | number): string {
  return `${collection}${ENGINE_KEY_SEPARATOR}${String(id)}`;
}

function collectionOfKey(key: string): string {
  const at = key.indexOf(ENGINE_KEY_SEPARATOR);
  return at < 0 ? key : key.slice(0, at);
}

/**
 * The keys of each generic collection, in the order the rows were added, so a list reads its own
 * collection and not every generic row of the store (issue 20: a ten-item list scanned them all).
 *
 * Derived, never stored or exported, like the domain's value indexes (`value-index.ts`): made
 * from an `engineRows` map on first use and kept true by watching its writes (`StoreMap`), so
 * whatever writes the map — the engine, a state import, journal replay — the index follows, and
 * a map swapped in by reset, reseed or import gets an index of its own. A collection's keys are
 * gathered on its first list. Over a session's copy-on-write view (`LayeredMap`) a collection
 * starts from the lower map's index with the session's own keys applied, in the view's order.
 */
export class EngineRowIndex {
  readonly #rows: StoreMap<string, EngineRow>;
  readonly #lower: EngineRowIndex | null;
  /** collection → its keys, oldest first (a `Map` keeps insertion order; `true` is a filler). */
  #byCollection = new Map<string, Map<string, true>>();
  /** collection → its keys newest first, until its membership changes. */
  #newest = new Map<string, readonly string[]>();

  constructor(rows: StoreMap<string, EngineRow>, lower: EngineRowIndex | null) {
    this.#rows = rows;
    this.#lower = lower;
    rows.watch({
      written: (key) => this.#written(key),
      cleared: () => {
        this.#byCollection = new Map();
        this.#newest = new Map();
      },
    });
  }

  /** The keys of `collection`, oldest first. */
  keysOf(collection: string): ReadonlyMap<string, true> {
    let keys = this.#byCollection.get(collection);
    if (!keys) {
      keys = this.#gather(collection);
      this.#byCollection.set(collection, keys);
    }
    return keys;
  }

  /**
   * The keys of `collection`, newest first as Omnitron's lists are (DOMAIN.md §1: `-pk`):
   * numeric identities descending, others in reverse order of addition. Kept until a row of the
   * collection is added or deleted (an update changes neither set nor order).
   */
  newestFirst(collection: string): readonly string[] {
    const kept = this.#newest.get(collection);
    if (kept) return kept;
    const keys = [...this.keysOf(collection).keys()];
    const sep = collection.length + ENGINE_KEY_SEPARATOR.length;
    const numeric = keys.every((k) => typeof this.#rows.get(k)?.k === 'number');
    const out = numeric
      ? keys.map((k) => [Number(k.slice(sep)), k] as const).sort((a, b) => b[0] - a[0]).map(([, k]) => k)
      : keys.reverse();
    this.#newest.set(collection, out);
    return out;
  }

  #gather(collection: string): Map<string, true> {
    const out = new Map<string, true>();
    const rows = this.#rows;
    if (this.#lower && isLayered(rows) && rows.lower !== null) {
      const own = new Set<string>();
      for (const key of rows.ownKeys()) own.add(key);
      for (const key of this.#lower.keysOf(collection).keys()) if (!own.has(key) || rows.has(key)) out.set(key, true);
      for (const key of own) if (collectionOfKey(key) === collection && rows.has(key)) out.set(key, true);
      return out;
    }
    for (const [key, row] of rows) if (row.c === collection) out.set(key, true);
    return out;
  }

  #written(key: string): void {
    const collection = collectionOfKey(key);
    const keys = this.#byCollection.get(collection);
    if (!keys) return;
    const present = this.#rows.has(key);
    if (present === keys.has(key)) return;
    if (present) keys.set(key, true);
    else keys.delete(key);
    this.#newest.delete(collection);
  }
}

/**
 * The index of a store's `engineRows` map, or null for a map it cannot watch (a plain `Map`: a
 * test's hand-made store), where the caller reads every row.
 */
export function engineRowIndexOf(rows: ReadonlyMap<string, EngineRow>): EngineRowIndex | null {
  if (!(rows instanceof StoreMap)) return null;
  return derivedOf(rows as StoreMap<unknown, unknown>, 'engineRows', () => {
    let lower: EngineRowIndex | null = null;
    if (isLayered(rows)) {
      if (rows.lower !== null) {
        lower = engineRowIndexOf(rows.lower as ReadonlyMap<string, EngineRow>);
        if (lower === null) return null;
      }
    }
    return new EngineRowIndex(rows as StoreMap<string, EngineRow>, lower);
  });
}
