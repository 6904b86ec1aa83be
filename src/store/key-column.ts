/**
 * One value per row key, for a derived index's own per-row tables (the values a row is filed
 * under, a sorted index's value of each key, a text column's text). Row keys are pks — mostly
 * small consecutive integers — so they are slots of plain arrays, 8 bytes a row, where a `Map`
 * entry costs ~30–60 bytes and one `Map` per index repeated the same keys (issue 26: RSS ≤ 1 GiB).
 *
 * The slots are cut into chunks of `CHUNK` keys, made as keys reach them: one array of every key
 * grew by copying itself whole, and at 150,000 rows the thirteen columns of the request index grew
 * in the same build step for 24–79 ms (issue 19: ≤ 50 ms a step). A key more than `GAP_CHUNKS`
 * chunks past the last, negative or not an integer below 2³², or one that would need a chunk
 * while the slots made exceed 4 a key held (plus one chunk), goes to a small `Map` instead, so
 * stray or sparse pks cannot make the chunk list sparse (an imported state's stepped pks each made
 * a 32 KiB chunk until the seventeenth session's read-through, as `ValueBuckets` did). `undefined` means no value: a caller that files
 * `undefined` itself wraps it (`value-index.ts`).
 */
export class KeyColumn<V> {
  #chunks: Array<Array<V | undefined> | undefined> = [];
  #sparse: Map<number, V> | null = null;
  /** Chunks made, and keys held in slots now: a chunk is made only while they stay dense. */
  #made = 0;
  #slotted = 0;

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
    else if (key >>> 0 === key) {
      const at = key >>> SHIFT;
      let chunk = this.#chunks[at];
      // A new chunk only near the last and while slots made stay within DENSITY a key held (plus
      // one chunk): far-apart keys (an imported state's sparse pks) each made 32 KiB of slots.
      if (chunk === undefined && at <= this.#chunks.length + GAP_CHUNKS && (this.#made + 1) * CHUNK <= DENSITY * (this.#slotted + 1) + CHUNK) {
        this.#chunks[at] = chunk = new Array<V | undefined>(CHUNK);
        this.#made += 1;
      }
      if (chunk === undefined) (this.#sparse ??= new Map()).set(key, value);
      else {
        if (chunk[key & MASK] === undefined) this.#slotted += 1;
        chunk[key & MASK] = value;
      }
    } else (this.#sparse ??= new Map()).set(key, value);
  }

  delete(key: number): void {
    if (key >>> 0 === key) {
      const chunk = this.#chunks[key >>> SHIFT];
      if (chunk !== undefined && chunk[key & MASK] !== undefined) {
        chunk[key & MASK] = undefined;
        this.#slotted -= 1;
      }
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
/** Slots made at most per key held in them (plus one chunk): 32 bytes a key, a `Map` entry's cost. */
const DENSITY = 4;
