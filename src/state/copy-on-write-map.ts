import { ChunkedStoreMap } from '../store/chunked-store-map.ts';
import { StoreMap } from '../store/store-map.ts';
import { adoption, countAdoption } from './adoption.ts';

/** A base being taken in: where the copy has got to. */
interface Adoption<K, V> {
  readonly base: ReadonlyMap<K, V>;
  readonly target: ChunkedStoreMap<K, V>;
  readonly source: Iterator<[K, V]>;
}

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
 * everything itself from its first write (`ownAll` at once, `adoptInSlices` in the background).
 *
 * `mapOrder`: a base key deleted and then set again goes to the end, as in a plain `Map` (the
 * shared state, whose writes must order as they did when it held a plain `Map` from its first
 * write on); without it, it comes back in its base place (a session's view, as it always did).
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
  #adoption: Adoption<K, V> | null = null;
  readonly #mapOrder: boolean;

  constructor(base: ReadonlyMap<K, V>, mapOrder = false) {
    super();
    this.#base = base;
    this.#mapOrder = mapOrder;
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
      if (this.#base === null || !this.#base.has(key)) this.#localOnly += 1;
      else if (this.#deleted.has(key)) {
        // Deleted from the base and set again: at the end (the key stays hidden in its base
        // place), or back in its base place.
        if (this.#mapOrder) this.#localOnly += 1;
        else this.#deleted.delete(key);
      }
    }
    this.#local.set(key, value);
    this.notifyWritten(key);
    return this;
  }

  override delete(key: K): boolean {
    const inBase = this.#base !== null && this.#base.has(key);
    const visibleInBase = inBase && !this.#deleted.has(key);
    const inLocal = this.#local.delete(key);
    if (inLocal && !visibleInBase) this.#localOnly -= 1;
    if (visibleInBase) this.#deleted.add(key);
    const had = inLocal || visibleInBase;
    if (had) this.notifyWritten(key);
    return had;
  }

  override clear(): void {
    this.#cancelAdoption();
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
    for (const k of this.#deleted) if (!this.#local.has(k)) yield k;
  }

  override get size(): number {
    return (this.#base === null ? 0 : this.#base.size - this.#deleted.size) + this.#localOnly;
  }

  /** How many keys this view holds itself (replaced or added): what the view costs. */
  get ownSize(): number {
    return this.#local.size;
  }

  /**
   * From now on, holds every entry itself: the base's are copied in (in the base's order, into a
   * chunked map that never rehashes more than one chunk as it grows) and the base let go, so reads
   * and iteration need no layers again. For a view that is written often and iterated whole (the
   * shared state's collections), one copy beats a generator on every later iteration. At once,
   * in one step (an adoption in progress is finished here).
   */
  protected ownAll(): void {
    if (this.#base === null) return;
    const job = this.#adoption ?? this.#startAdoption();
    this.#slice(job, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  /**
   * `ownAll` in the background: the copy runs in slices (`adoption.ts`: ≤ 10 ms each, a turn of
   * the event loop between them) while the view stays layered — reads, writes and iteration are
   * exact meanwhile — and the swap at the end applies what was written meanwhile (costing only
   * the changed keys). Copying 356,000 entries in one step blocked the loop for 50–150 ms.
   */
  protected adoptInSlices(): void {
    if (this.#base === null || this.#adoption !== null) return;
    const job = this.#startAdoption();
    const { sliceMs, sliceEntries } = adoption;
    adoption.schedule(() => this.#slice(job, sliceMs, sliceEntries));
  }

  /** Whether the view is taking its base in (`adoptInSlices`) right now. */
  get adopting(): boolean {
    return this.#adoption !== null;
  }

  #startAdoption(): Adoption<K, V> {
    const base = this.#base as ReadonlyMap<K, V>;
    const job = { base, target: new ChunkedStoreMap<K, V>(adoption.chunkEntries), source: base.entries() };
    this.#adoption = job;
    countAdoption(1);
    return job;
  }

  /** Copies up to `maxEntries` base entries, for about `sliceMs` at most; true once done. */
  #slice(job: Adoption<K, V>, sliceMs: number, maxEntries: number): boolean {
    // Finished meanwhile (`ownAll`) or let go (`clear`): nothing left to do.
    if (this.#adoption !== job) return true;
    const { source, target } = job;
    const started = performance.now();
    for (let n = 1; ; n += 1) {
      const step = source.next();
      if (step.done) break;
      target.setQuietly(step.value[0], step.value[1]);
      if (n >= maxEntries || ((n & 1023) === 0 && performance.now() - started >= sliceMs)) return false;
    }
    // The swap: the base's entries, in its order, then this view's changes — a replacement set
    // in its place, a deleted key dropped, an added (or deleted and added again) key at the end
    // in the order it was added: the view's own order, so nothing anyone saw moves.
    for (const k of this.#deleted) target.deleteQuietly(k);
    for (const [k, v] of this.#local) target.setQuietly(k, v);
    this.#local = target;
    this.#deleted = new Set();
    this.#localOnly = target.size;
    this.#base = null;
    this.#adoption = null;
    countAdoption(-1);
    return true;
  }

  #cancelAdoption(): void {
    if (this.#adoption === null) return;
    this.#adoption = null;
    countAdoption(-1);
  }

  /**
   * A map of this view's entries as they are now, never written again: what a session that
   * starts from the shared state reads through (`X-Mock-Session-From: shared`). Copy-on-write: a
   * view that never changed answers its base (never written either); one that did hands its
   * entries over as the frozen map and reads through it from now on, so nothing is copied until
   * this view's next write takes its collection back (`adoptInSlices` for the shared state,
   * `ownAll` for a session); one still adopting answers a layered copy of its changes.
   */
  freeze(): ReadonlyMap<K, V> {
    if (this.#base !== null && this.#local.size === 0 && this.#deleted.size === 0)
      return this.#base;
    if (this.#adoption !== null) return this.#frozenLayers();
    this.ownAll();
    const frozen = new CopyOnWriteMap<K, V>(this.#local, this.#mapOrder);
    this.#base = frozen;
    this.#local = new Map();
    this.#deleted = new Set();
    this.#localOnly = 0;
    return frozen;
  }

  /**
   * `freeze` while an adoption runs: a view over the same base with copies of this view's changes
   * (what they cost: the keys written since the first write), so the snapshot copies no
   * collection in one step and the adoption goes on. The snapshot stays layered: its reads look
   * at its few own keys first, its iteration is a generator.
   */
  #frozenLayers(): ReadonlyMap<K, V> {
    const frozen = new CopyOnWriteMap<K, V>(this.#base as ReadonlyMap<K, V>, this.#mapOrder);
    frozen.#local = new Map(this.#local);
    frozen.#deleted = new Set(this.#deleted);
    frozen.#localOnly = this.#localOnly;
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
    for (const entry of local) {
      if (base === null || !base.has(entry[0]) || (deleted.size > 0 && deleted.has(entry[0]))) yield entry;
    }
  }
}
