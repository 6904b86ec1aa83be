import { DenseSlots } from './dense-slots.ts';
import { PostingList } from './posting-list.ts';
import { ShardedMap } from './sharded-map.ts';

/*
 * The buckets of a value index: the keys filed under one value, a lone key as a plain number and
 * several as a `PostingList` (most values of a unique-ish field are one row's: no list for them).
 */

/** The keys filed under one value: a lone key as a plain number, several as a `PostingList`. */
export type Bucket = number | PostingList;

/** A table of buckets by value (a `Map` or a `ShardedMap`). */
interface BucketTable<V> {
  get(value: V): Bucket | undefined;
  set(value: V, bucket: Bucket): unknown;
  delete(value: V): unknown;
}

/** Files `key` under `value`; answers true when the value now has more than one key. */
export function fileUnder<V>(table: BucketTable<V>, value: V, key: number): boolean {
  const s = table.get(value);
  if (s === undefined) {
    table.set(value, key);
    return false;
  }
  if (typeof s === 'number') {
    if (s === key) return false;
    table.set(value, new PostingList(s, key));
  } else s.add(key);
  return true;
}

/** Takes `key` from under `value` (a bucket left with one key becomes that number again). */
export function unfileFrom<V>(table: BucketTable<V>, value: V, key: number): void {
  const s = table.get(value);
  if (s === key) table.delete(value);
  else if (typeof s === 'object') {
    s.delete(key);
    if (s.size === 1) table.set(value, s.keys()[Symbol.iterator]().next().value!);
    else if (s.size === 0) table.delete(value);
  }
}

/** The size of a bucket. */
export function sizeOf(bucket: Bucket): number {
  return typeof bucket === 'number' ? 1 : bucket.size;
}

/**
 * One field's buckets in a value index, by value. Integer values from 0 up — pks, which most filed
 * fields are (a plan's order and customer, a request's order item, order, easy return) — are slots
 * (`DenseSlots`: 8 bytes a value while they stay dense), where a `Map` entry cost ~30–40 bytes and
 * each doubling of the `Map` left its old table behind (issue 26: RSS ≤ 1 GiB at 100,000; the
 * first plan and request lists each built tables of ~80,000 such values). Any other value — text,
 * `null`, a boolean, a negative or fractional number, an integer the slots refuse (far from the
 * rest, or among values too sparse: an imported state's stepped pks, `2**31-1`) — goes to a
 * `ShardedMap` (a value once there stays there: `set` looks there first).
 */
export class ValueBuckets<V> implements BucketTable<V> {
  readonly #slots = new DenseSlots<Bucket>();
  readonly #rest = new ShardedMap<V, Bucket>();

  get(value: V): Bucket | undefined {
    if (typeof value === 'number' && value >>> 0 === value) {
      const b = this.#slots.get(value);
      if (b !== undefined) return b;
    }
    return this.#rest.get(value);
  }

  set(value: V, bucket: Bucket): this {
    if (typeof value === 'number' && value >>> 0 === value && !this.#rest.has(value) && this.#slots.put(value, bucket)) return this;
    this.#rest.set(value, bucket);
    return this;
  }

  delete(value: V): boolean {
    if (typeof value === 'number' && value >>> 0 === value && this.#slots.clear(value)) return true;
    return this.#rest.delete(value);
  }
}
