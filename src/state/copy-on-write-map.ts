import { StoreMap } from '../store/store-map.ts';

/**
 * A copy-on-write view of a `Map`: reads fall through to `base` unless this view wrote or
 * deleted the key; writes stay here. Making one costs nothing however big the base is, which is
 * why both the shared state and every session start as one of these per collection over the
 * seeded store (ADR 0005): copying the 100,000-plan seed's ~1.2 M entries cost ~0.25 s of every
 * start and every reset.
 *
 * This is correct only because stored records are immutable (architecture rule): a record
 * read from the base is never edited in place, a write `set`s a new object, and the base is
 * never written after seeding.
 *
 * Iteration order is the base's (with this view's replacements in place), then the keys only
 * this view has, in the order it added them — the insertion order a plain copy would have, which
 * list handlers rely on (`newestFirst` reads Maps as pk order). While the view has changed
 * nothing, iterators are the base's own (native speed); a subclass may also make the view hold
 * everything itself from its first write (`ownAll`).
 *
 * Subclasses decide what the view tells others: `OverlayMap` (a session) exposes its layers to
 * the derived indexes, `SharedMap` (the shared state) reports writes to the journal.
 */
export class CopyOnWriteMap<K, V> extends StoreMap<K, V> {
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
    const local = this.#local;
    if (local.size !== 0) {
      const v = local.get(key);
      if (v !== undefined || local.has(key)) return v;
    }
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
  protected get base(): ReadonlyMap<K, V> | null {
    return this.#base;
  }

  /** Keys this view replaced, added or deleted: where it may differ from its base. */
  protected *changedKeys(): Generator<K> {
    yield* this.#local.keys();
    yield* this.#deleted;
  }

  override get size(): number {
    return (this.#base === null ? 0 : this.#base.size - this.#deleted.size) + this.#localOnly;
  }

  /** How many keys this view holds itself (replaced or added): what the view costs. */
  get ownSize(): number {
    return this.#local.size;
  }

  /**
   * From the first write on, holds every entry itself: the base's are copied in (in the base's
   * order) and the base let go, so reads and iteration are a plain `Map`'s again. For a view
   * that is written often and iterated whole (the shared state's collections), one copy on the
   * first write beats a generator on every later iteration.
   */
  protected ownAll(): void {
    const base = this.#base;
    if (base === null) return;
    const local = new Map<K, V>();
    const own = this.#local;
    const deleted = this.#deleted;
    base.forEach((v, k) => {
      if (!deleted.has(k)) local.set(k, own.has(k) ? (own.get(k) as V) : v);
    });
    own.forEach((v, k) => {
      if (!base.has(k)) local.set(k, v);
    });
    this.#local = local;
    this.#deleted = new Set();
    this.#localOnly = local.size;
    this.#base = null;
  }

  /**
   * A map of this view's entries as they are now, never written again: what a session that
   * starts from the shared state reads through (`X-Mock-Session-From: shared`). Copy-on-write: a
   * view that never changed answers its base (never written either); one that did hands its
   * entries over as the frozen map and reads through it from now on, so nothing is copied until
   * this view's next write copies its collection back (`ownAll`: once per collection).
   */
  freeze(): ReadonlyMap<K, V> {
    if (this.#base !== null && this.#local.size === 0 && this.#deleted.size === 0)
      return this.#base;
    this.ownAll();
    const frozen = new CopyOnWriteMap<K, V>(this.#local);
    this.#base = frozen;
    this.#local = new Map();
    this.#deleted = new Set();
    this.#localOnly = 0;
    return frozen;
  }

  /** The one map holding every entry, when there is one (its native iterators serve). */
  #whole(): ReadonlyMap<K, V> | null {
    if (this.#base === null) return this.#local;
    return this.#local.size === 0 && this.#deleted.size === 0 ? this.#base : null;
  }

  override entries(): MapIterator<[K, V]> {
    return (this.#whole()?.entries() ?? this.#entries()) as MapIterator<[K, V]>;
  }

  override keys(): MapIterator<K> {
    return (this.#whole()?.keys() ?? this.#project((k) => k)) as MapIterator<K>;
  }

  override values(): MapIterator<V> {
    return (this.#whole()?.values() ?? this.#project((_k, v) => v)) as MapIterator<V>;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    const whole = this.#whole();
    if (whole) whole.forEach((v, k) => callback.call(thisArg, v, k, this));
    else for (const [k, v] of this.#entries()) callback.call(thisArg, v, k, this);
  }

  *#project<T>(pick: (k: K, v: V) => T): Generator<T> {
    for (const [k, v] of this.#entries()) yield pick(k, v);
  }

  *#entries(): Generator<[K, V]> {
    const base = this.#base;
    const local = this.#local;
    const deleted = this.#deleted;
    if (base !== null) {
      for (const [k, v] of base) {
        if (deleted.size > 0 && deleted.has(k)) continue;
        yield local.has(k) ? [k, local.get(k) as V] : [k, v];
      }
    }
    for (const entry of local) if (base === null || !base.has(entry[0])) yield entry;
  }
}
