import { StoreMap, type LayeredMap } from '../store/store-map.ts';

/**
 * A copy-on-write view of a `Map`: reads fall through to `base` unless this view wrote or
 * deleted the key; writes stay here. A session starts as one of these per collection, so
 * creating one costs nothing however big the seeded store is (ADR 0005).
 *
 * This is correct only because stored records are immutable (architecture rule): a record
 * read from the base is never edited in place, a write `set`s a new object, and the base is
 * never written after seeding.
 *
 * Iteration order is the base's (with this view's replacements in place), then the keys only
 * this view has, in the order it added them — the insertion order a plain copy would have, which
 * list handlers rely on (`newestFirst` reads Maps as pk order).
 */
export class OverlayMap<K, V> extends StoreMap<K, V> implements LayeredMap<K, V> {
  #base: ReadonlyMap<K, V> | null;
  #local = new Map<K, V>();
  /** Base keys this view deleted. */
  #deleted = new Set<K>();
  /** Local keys the base does not have. */
  #localOnly = 0;

  constructor(base: ReadonlyMap<K, V>) {
    super();
    this.#base = base;
  }

  override get(key: K): V | undefined {
    const v = this.#local.get(key);
    if (v !== undefined || this.#local.has(key)) return v;
    if (this.#base === null || (this.#deleted.size > 0 && this.#deleted.has(key))) return undefined;
    return this.#base.get(key);
  }

  override has(key: K): boolean {
    if (this.#local.has(key)) return true;
    return this.#base !== null && !this.#deleted.has(key) && this.#base.has(key);
  }

  override set(key: K, value: V): this {
    if (!this.#local.has(key)) {
      if (this.#base !== null && this.#base.has(key)) this.#deleted.delete(key);
      else this.#localOnly += 1;
    }
    this.#local.set(key, value);
    this.notifyWritten(key);
    return this;
  }

  override delete(key: K): boolean {
    const inBase = this.#base !== null && this.#base.has(key);
    const visibleInBase = inBase && !this.#deleted.has(key);
    const inLocal = this.#local.delete(key);
    if (inLocal && !inBase) this.#localOnly -= 1;
    if (visibleInBase) this.#deleted.add(key);
    const had = inLocal || visibleInBase;
    if (had) this.notifyWritten(key);
    return had;
  }

  override clear(): void {
    this.#local.clear();
    this.#deleted.clear();
    this.#localOnly = 0;
    this.#base = null;
    this.notifyCleared();
  }

  /** The map this view reads through to; null once cleared. */
  get lower(): ReadonlyMap<K, V> | null {
    return this.#base;
  }

  /** Keys this view replaced, added or deleted: where it may differ from `lower`. */
  *ownKeys(): Generator<K> {
    yield* this.#local.keys();
    yield* this.#deleted;
  }

  override get size(): number {
    return (this.#base === null ? 0 : this.#base.size - this.#deleted.size) + this.#localOnly;
  }

  /** How many keys this view holds itself (replaced or added): what the session costs. */
  get ownSize(): number {
    return this.#local.size;
  }

  override entries(): MapIterator<[K, V]> {
    return this.#entries() as unknown as MapIterator<[K, V]>;
  }

  override keys(): MapIterator<K> {
    return this.#project((k) => k) as unknown as MapIterator<K>;
  }

  override values(): MapIterator<V> {
    return this.#project((_k, v) => v) as unknown as MapIterator<V>;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.#entries()) callback.call(thisArg, v, k, this);
  }

  *#project<T>(pick: (k: K, v: V) => T): Generator<T> {
    for (const [k, v] of this.#entries()) yield pick(k, v);
  }

  *#entries(): Generator<[K, V]> {
    const base = this.#base;
    const local = this.#local;
    const deleted = this.#deleted;
    if (base !== null) {
      if (local.size === 0 && deleted.size === 0) {
        yield* base;
        return;
      }
      for (const [k, v] of base) {
        if (deleted.size > 0 && deleted.has(k)) continue;
        yield local.has(k) ? [k, local.get(k) as V] : [k, v];
      }
    }
    for (const entry of local) if (base === null || !base.has(entry[0])) yield entry;
  }
}
