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
 * of chunked arrays, 8 bytes a value up to the largest while they are dense (a chunk of 32 KiB is
 * made only while the slots made stay within 4 a value held, plus one chunk: sparse or far-apart
 * values — an imported state's stepped pks, `2**31-1` — cost a `Map` entry, never a chunk each;
 * seventeenth session's review), where a `Map` entry cost ~30–40 bytes and
 * each doubling of the `Map` left its old table behind (issue 26: RSS ≤ 1 GiB at 100,000; the
 * first plan and request lists each built tables of ~80,000 such values). Any other value — text,
 * `null`, a boolean, a negative or fractional number, an integer far past the slots made — goes to
 * a `ShardedMap` (a value once there stays there: `set` looks there first).
 */
export class ValueBuckets<V> implements BucketTable<V> {
  #chunks: Array<Array<Bucket | undefined> | undefined> = [];
  readonly #rest = new ShardedMap<V, Bucket>();
  #made = 0;
  /** Values held in slots now. */
  #slotted = 0;

  get(value: V): Bucket | undefined {
    if (typeof value === 'number' && value >>> 0 === value) {
      const b = this.#chunks[value >>> SHIFT]?.[value & MASK];
      if (b !== undefined) return b;
    }
    return this.#rest.get(value);
  }

  set(value: V, bucket: Bucket): this {
    if (typeof value === 'number' && value >>> 0 === value && !this.#rest.has(value)) {
      const at = value >>> SHIFT;
      let chunk = this.#chunks[at];
      // A new chunk only while the slots made stay within DENSITY a value filed in them: a value
      // far from the rest (a client's 2**31, sparse imported pks) goes to the map instead.
      if (chunk === undefined && at < this.#chunks.length + GAP_CHUNKS && (this.#made + 1) * CHUNK <= DENSITY * (this.#slotted + 1) + CHUNK) {
        this.#chunks[at] = chunk = new Array<Bucket | undefined>(CHUNK);
        this.#made += 1;
      }
      if (chunk !== undefined) {
        if (chunk[value & MASK] === undefined) this.#slotted += 1;
        chunk[value & MASK] = bucket;
        return this;
      }
    }
    this.#rest.set(value, bucket);
    return this;
  }

  delete(value: V): boolean {
    if (typeof value === 'number' && value >>> 0 === value) {
      const chunk = this.#chunks[value >>> SHIFT];
      const at = value & MASK;
      if (chunk !== undefined && chunk[at] !== undefined) {
        chunk[at] = undefined;
        this.#slotted -= 1;
        return true;
      }
    }
    return this.#rest.delete(value);
  }
}

const SHIFT = 12;
/** Values a chunk holds (32 KiB of slots). */
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
/** A value may land fewer than this many chunks past the last made and still get one. */
const GAP_CHUNKS = 16;
/** Slots made at most per value held in them (plus one chunk): 32 bytes a value, a Map entry's cost. */
const DENSITY = 4;
