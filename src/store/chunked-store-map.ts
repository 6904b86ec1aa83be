import { StoreMap } from './store-map.ts';

/**
 * Entries one inner `Map` holds at most. V8 grows a `Map` by rehashing every entry into a table
 * twice the size, in one step that blocks: ~50 ms at 262,144 entries, ~100 ms at 524,288 on this
 * machine (bench/SOAK.md). Below this size the largest growth step is a few milliseconds.
 */
export const CHUNK_ENTRIES = 1 << 16;

/**
 * A `StoreMap` that keeps its entries in a list of plain `Map`s of at most `CHUNK_ENTRIES` each,
 * so growing it never rehashes more than one chunk: a reseed at the largest size builds maps of
 * 350,000 entries on a running server (issue 19), which a single `Map` grew in blocks of 50–100 ms.
 *
 * It behaves as one `Map`, insertion order included (exports and the seed-golden hashes iterate
 * it): a new key goes into the last chunk (a new chunk once that one is full), a key that is set
 * again stays where it is, one deleted and set again goes to the end, and iterators are live —
 * they see entries added behind them, in a chunk made after they started too. A lookup asks the
 * chunks whose range of number keys holds the key (pks mostly grow, so that is one chunk), every
 * chunk for any other key.
 */
export class ChunkedStoreMap<K, V> extends StoreMap<K, V> {
  #chunks: Array<Map<K, V>> = [new Map()];
  /** The smallest and largest number key each chunk was given (never narrowed by a delete). */
  #low: number[] = [Infinity];
  #high: number[] = [-Infinity];
  /**
   * The largest number key any chunk was given since the last `clear()`: a number key above it is
   * in no chunk, so the seed's commit (pks handed out in rising order, ~1.1 M of them at 100,000
   * plans) appends without asking a chunk whether it holds the key.
   */
  #top = -Infinity;
  #size = 0;
  readonly #chunkEntries: number;

  /** `chunkEntries`: how many entries a chunk holds at most (a test makes them small). */
  constructor(chunkEntries = CHUNK_ENTRIES) {
    super();
    if (!(Number.isInteger(chunkEntries) && chunkEntries > 0)) throw new RangeError('ChunkedStoreMap: chunkEntries must be a positive integer');
    this.#chunkEntries = chunkEntries;
  }

  /** The chunk holding `key`, or undefined. */
  #chunkOf(key: K): Map<K, V> | undefined {
    const chunks = this.#chunks;
    const ranged = typeof key === 'number' && key === key;
    if (ranged && key > this.#top) return undefined;
    if (chunks.length === 1) return chunks[0]!.has(key) ? chunks[0] : undefined;
    for (let i = chunks.length - 1; i >= 0; i -= 1) {
      if (ranged && (key < this.#low[i]! || key > this.#high[i]!)) continue;
      if (chunks[i]!.has(key)) return chunks[i];
    }
    return undefined;
  }

  override get(key: K): V | undefined {
    const chunks = this.#chunks;
    if (chunks.length === 1) return chunks[0]!.get(key);
    // One lookup per candidate chunk (a `has` first would hash the key twice).
    const ranged = typeof key === 'number' && key === key;
    for (let i = chunks.length - 1; i >= 0; i -= 1) {
      if (ranged && (key < this.#low[i]! || key > this.#high[i]!)) continue;
      const value = chunks[i]!.get(key);
      if (value !== undefined || chunks[i]!.has(key)) return value;
    }
    return undefined;
  }

  override has(key: K): boolean {
    return this.#chunkOf(key) !== undefined;
  }

  override set(key: K, value: V): this {
    this.setQuietly(key, value);
    this.notifyWritten(key);
    return this;
  }

  override delete(key: K): boolean {
    if (!this.deleteQuietly(key)) return false;
    this.notifyWritten(key);
    return true;
  }

  /**
   * `set` without telling the watchers or the write count: for moving entries that are already
   * in view from one map into this one (a shared collection adopting its base,
   * `copy-on-write-map.ts`), which changes nothing anyone can see.
   */
  setQuietly(key: K, value: V): void {
    const found = this.#chunkOf(key);
    if (found) {
      found.set(key, value);
      return;
    }
    let last = this.#chunks.length - 1;
    if (this.#chunks[last]!.size >= this.#chunkEntries) {
      this.#chunks.push(new Map());
      this.#low.push(Infinity);
      this.#high.push(-Infinity);
      last += 1;
    }
    this.#chunks[last]!.set(key, value);
    if (typeof key === 'number') {
      if (key < this.#low[last]!) this.#low[last] = key;
      if (key > this.#high[last]!) this.#high[last] = key;
      if (key > this.#top) this.#top = key;
    }
    this.#size += 1;
  }

  /** `delete` without telling anyone (see `setQuietly`); answers whether the key was there. */
  deleteQuietly(key: K): boolean {
    const found = this.#chunkOf(key);
    if (!found) return false;
    found.delete(key);
    this.#size -= 1;
    return true;
  }

  override clear(): void {
    // In place, chunks kept (empty): an iterator still running goes on to the entries set from
    // now on, which land in the last chunk, as a Map's iterator does after `clear()`.
    const chunks = this.#chunks;
    for (let i = 0; i < chunks.length; i += 1) {
      chunks[i]!.clear();
      this.#low[i] = Infinity;
      this.#high[i] = -Infinity;
    }
    this.#top = -Infinity;
    this.#size = 0;
    this.notifyCleared();
  }

  override get size(): number {
    return this.#size;
  }

  override entries(): MapIterator<[K, V]> {
    return this.#iterate((m) => m.entries());
  }

  override keys(): MapIterator<K> {
    return this.#iterate((m) => m.keys());
  }

  override values(): MapIterator<V> {
    return this.#iterate((m) => m.values());
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    const chunks = this.#chunks;
    for (let i = 0; i < chunks.length; i += 1) chunks[i]!.forEach((v, k) => callback.call(thisArg, v, k, this));
  }

  #iterate<T>(open: (chunk: Map<K, V>) => MapIterator<T>): MapIterator<T> {
    return new ChunkIterator(this.#chunks, open) as unknown as MapIterator<T>;
  }
}

/** The chunks' own iterators one after another, reading the list live (a chunk added meanwhile is reached). */
class ChunkIterator<K, V, T> implements IterableIterator<T> {
  #at = 0;
  #current: Iterator<T> | null;

  constructor(
    private readonly chunks: Array<Map<K, V>>,
    private readonly open: (chunk: Map<K, V>) => Iterator<T>,
  ) {
    this.#current = open(chunks[0]!);
  }

  next(): IteratorResult<T> {
    for (;;) {
      // Done once, done for good, as a Map's iterator is.
      if (this.#current === null) return { done: true, value: undefined };
      const step = this.#current.next();
      if (!step.done) return step;
      if (this.#at + 1 >= this.chunks.length) {
        this.#current = null;
        return step;
      }
      this.#at += 1;
      this.#current = this.open(this.chunks[this.#at]!);
    }
  }

  [Symbol.iterator](): this {
    return this;
  }
}
