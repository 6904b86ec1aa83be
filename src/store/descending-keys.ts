/**
 * A sorted key array walked largest first (a list page newest first: `PostingList.newestFirst`).
 * An iterator object rather than a generator: resuming a generator per key cost 2–4× as much in
 * a micro-benchmark, and a deep page walks thousands. Walks the first `len` entries of `keys`.
 */
export class DescendingKeys implements Iterable<number>, Iterator<number> {
  #at: number;
  constructor(
    readonly keys: readonly number[],
    len: number,
  ) {
    this.#at = len;
  }

  [Symbol.iterator](): Iterator<number> {
    return this;
  }

  next(): IteratorResult<number> {
    const at = --this.#at;
    return at >= 0 ? { value: this.keys[at]!, done: false } : { value: undefined, done: true };
  }
}
