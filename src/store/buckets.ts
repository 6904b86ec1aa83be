import { PostingList } from './posting-list.ts';

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
