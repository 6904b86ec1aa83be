/**
 * Values by integer key (0 ≤ key < 2³²) in slots of plain arrays, 8 bytes a key, for the derived
 * indexes' own tables whose keys are mostly pks — small consecutive integers — where a `Map` entry
 * costs ~30–60 bytes (issue 26: RSS ≤ 1 GiB). The one chunk-and-density rule of `KeyColumn` (a
 * row's value, by row key) and `ValueBuckets` (the keys filed under an integer value): each keeps
 * what gets no slot in a map of its own.
 *
 * The slots are cut into chunks of `CHUNK` keys, made as keys reach them: one array of every key
 * grew by copying itself whole, and at 150,000 rows the thirteen columns of the request index grew
 * in the same build step for 24–79 ms (issue 19: ≤ 50 ms a step). A chunk is made only for a key
 * fewer than `GAP_CHUNKS` chunks past the chunks made so far, and only while the slots made stay
 * within `DENSITY` a key held (plus one chunk): far-apart keys — an imported state's stepped pks,
 * a client's `2**31-1` — each made a 32 KiB chunk until the seventeenth session's review.
 *
 * @example
 * const slots = new DenseSlots<string>();
 * if (!slots.put(key, text)) elsewhere.set(key, text); // no slot for it: the caller's map
 */
export class DenseSlots<V> {
  #chunks: Array<Array<V | undefined> | undefined> = [];
  /** Chunks made, and keys holding a value in them now: a chunk is made only while they stay dense. */
  #made = 0;
  #slotted = 0;

  /** The value in `key`'s slot, if any; `key` must be an integer 0 ≤ key < 2³² (`key >>> 0 === key`). */
  get(key: number): V | undefined {
    return this.#chunks[key >>> SHIFT]?.[key & MASK];
  }

  /**
   * Puts `value` (never `undefined`) in `key`'s slot, making its chunk if the rule lets it; answers
   * false, storing nothing, when `key` gets no slot. `key` as for `get`.
   */
  put(key: number, value: V): boolean {
    const at = key >>> SHIFT;
    let chunk = this.#chunks[at];
    if (chunk === undefined) {
      if (at >= this.#chunks.length + GAP_CHUNKS || (this.#made + 1) * CHUNK > DENSITY * (this.#slotted + 1) + CHUNK) return false;
      this.#chunks[at] = chunk = new Array<V | undefined>(CHUNK);
      this.#made += 1;
    }
    if (chunk[key & MASK] === undefined) this.#slotted += 1;
    chunk[key & MASK] = value;
    return true;
  }

  /** Empties `key`'s slot; answers whether it held a value. `key` as for `get`. */
  clear(key: number): boolean {
    const chunk = this.#chunks[key >>> SHIFT];
    if (chunk === undefined || chunk[key & MASK] === undefined) return false;
    chunk[key & MASK] = undefined;
    this.#slotted -= 1;
    return true;
  }
}

const SHIFT = 12;
/** Keys a chunk holds (32 KiB of slots). */
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
/** A key may land fewer than this many chunks past the chunks made and still get one. */
const GAP_CHUNKS = 16;
/**
 * Slots made at most per key held in them (plus one chunk): 48 bytes a key. A `Map` entry costs
 * ~28–56 bytes by where the map stands in its table's doubling, so at 100,000 keys slots win from
 * ~18 % filled and lose at 15–17 % (0.78 against 0.47 MiB a column at 17 %, review); at 4 (32
 * bytes) a column filled 18–25 % went to the map for more heap (0.90 against 0.78 MiB). The worst
 * case of a sparse import is 48 bytes a key, ~1.7 × a full map (eighteenth session, tidy).
 */
const DENSITY = 6;
