/** How many plain `Map`s one `ShardedMap` spreads its keys over. */
const SHARDS = 16;

/**
 * A lookup table (get, has, set, delete, size; no iteration) spread over `SHARDS` plain `Map`s by a
 * cheap hash of the key, for a derived index's own tables: the row keys an index filed (one entry
 * a row: 357,000 order items at the largest size) and a field's values (as many for a field of
 * one row a value, `uuid`, `iban`, `order_item`). V8 grows a `Map` by rehashing it whole in one
 * step — ~23 ms at 131,072 entries, ~50 ms at 262,144 (bench/SOAK.md) — which a first list's
 * build in slices would take in one of its slices (issue 19's 50 ms). Spread sixteen ways, the
 * largest growth step of a table that size is a few milliseconds.
 *
 * Keys compare as in a `Map` (SameValueZero): the shard is a function of the key alone, so equal
 * keys always meet in the same shard. Number keys (pks, mostly consecutive) spread evenly; a string
 * by its length and its last character; anything else goes to the first shard.
 */
export class ShardedMap<K, V> {
  readonly #shards: Array<Map<K, V>> = Array.from({ length: SHARDS }, () => new Map<K, V>());
  #size = 0;

  #shardOf(key: K): Map<K, V> {
    let h = 0;
    if (typeof key === 'number') h = Number.isInteger(key) ? key & (SHARDS - 1) : 0;
    else if (typeof key === 'string') h = key.length === 0 ? 0 : (key.length + key.charCodeAt(key.length - 1)) & (SHARDS - 1);
    return this.#shards[h]!;
  }

  get size(): number {
    return this.#size;
  }

  get(key: K): V | undefined {
    return this.#shardOf(key).get(key);
  }

  has(key: K): boolean {
    return this.#shardOf(key).has(key);
  }

  set(key: K, value: V): this {
    const shard = this.#shardOf(key);
    const before = shard.size;
    shard.set(key, value);
    this.#size += shard.size - before;
    return this;
  }

  delete(key: K): boolean {
    const had = this.#shardOf(key).delete(key);
    if (had) this.#size -= 1;
    return had;
  }
}
