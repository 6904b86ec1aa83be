/**
 * One value per row key, for a derived index's own per-row tables (the values a row is filed
 * under, a sorted index's value of each key, a text column's text). Row keys are pks — mostly
 * small consecutive integers — so they are slots of plain arrays, 8 bytes a row, where a `Map`
 * entry costs ~30–60 bytes and one `Map` per index repeated the same keys (issue 26: RSS ≤ 1 GiB).
 *
 * The slots are cut into chunks of `CHUNK` keys, made as keys reach them: one array of every key
 * grew by copying itself whole, and at 150,000 rows the thirteen columns of the request index grew
 * in the same build step for 24–79 ms (issue 19: ≤ 50 ms a step). A key more than `GAP_CHUNKS`
 * chunks past the last, negative or not an integer below 2³² goes to a small `Map` instead, so a
 * stray large pk cannot make the chunk list sparse. `undefined` means no value: a caller that files
 * `undefined` itself wraps it (`value-index.ts`).
 */
export class KeyColumn<V> {
  #chunks: Array<Array<V | undefined> | undefined> = [];
  #sparse: Map<number, V> | null = null;

  get(key: number): V | undefined {
    if (key >>> 0 === key) {
      const v = this.#chunks[key >>> SHIFT]?.[key & MASK];
      if (v !== undefined) return v;
    }
    return this.#sparse?.get(key);
  }

  /** `value` must not be `undefined` (that is `delete`). */
  set(key: number, value: V): void {
    if (this.#sparse?.has(key)) this.#sparse.set(key, value);
    else if (key >>> 0 === key && key >>> SHIFT <= this.#chunks.length + GAP_CHUNKS) {
      const at = key >>> SHIFT;
      let chunk = this.#chunks[at];
      if (chunk === undefined) this.#chunks[at] = chunk = new Array<V | undefined>(CHUNK);
      chunk[key & MASK] = value;
    } else (this.#sparse ??= new Map()).set(key, value);
  }

  delete(key: number): void {
    if (key >>> 0 === key) {
      const chunk = this.#chunks[key >>> SHIFT];
      if (chunk !== undefined) chunk[key & MASK] = undefined;
    }
    this.#sparse?.delete(key);
  }
}

const SHIFT = 12;
/** Keys a chunk holds (32 KiB of slots). */
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
/** How many chunks past the last a key may land and still get one. */
const GAP_CHUNKS = 16;
