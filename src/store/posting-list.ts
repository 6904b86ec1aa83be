import type { AscendingRun } from './candidates.ts';

/**
 * The row keys filed under one value of an index when there are several (a lone key is kept as a
 * plain number by its owner). A `Set<number>` costs ~20–40 bytes a key; these keep the keys sorted
 * in a plain array of small integers (8 bytes a key, no per-key object), so the value indexes of
 * 100,000 plans and requests hold most of their keys at 8 bytes each (issue 26: RSS ≤ 1 GiB).
 * Not a `Uint32Array`: a build appends to tens of thousands of lists, and growing typed arrays
 * allocated ~80 MB of buffers outside the heap at 150,000, whose accounting made V8 collect the
 * whole heap inside single appends (26 ms; a 60–70 ms block in a first list after a reset).
 *
 * Writes after the build go to a small overlay — keys added out of order, keys of the sorted part
 * deleted — merged into the sorted part once it outgrows a sixteenth of it, so a write costs a few
 * set operations and, amortised, a few element moves; a read by position (`ascending`) merges it
 * first, in place. A key that is not an integer in 0…2³²−1 (a
 * hand-made store's) stays in the overlay: right, only not compact.
 */
export class PostingList implements Iterable<number> {
  /** Ascending, unique; the first `#len` entries are used. */
  #base: number[];
  #len = 0;
  /** Keys not in `#base`: added out of order since the last merge, or not an integer in 0…2³²−1. */
  #added: Set<number> | null = null;
  /** Keys of `#base` deleted since the last merge. */
  #removed: Set<number> | null = null;
  /**
   * Membership of every key below `#bits.length × 32` as bits, made by the first `has` on a list
   * of `BITS_FROM` keys, or by the first `words()` on one of `WORDS_FROM` (a count as words of
   * bits); `has` reads it once made, whoever made it. A binary search is ~4× a `Set`'s lookup, a
   * bit ~as fast. Only for a dense list (its largest sorted key at most 32 × the sorted part's
   * length). Kept true by `add`/`delete`; dropped when a key past its end is added.
   */
  #bits: Uint32Array | null = null;
  /** `has` makes no bit table until the list has this many keys (not worth it at half). */
  #bitsFrom = BITS_FROM;
  /** How many keys of `#added` are not integers in 0…2³²−1 (no bit table can hold them). */
  #odd = 0;

  /** A list of two distinct keys: the second key of a value. */
  constructor(a: number, b: number) {
    if (isCompact(a) && isCompact(b)) {
      this.#base = a < b ? [a, b] : [b, a];
      this.#len = 2;
    } else {
      this.#base = [];
      this.add(a);
      this.add(b);
    }
  }

  get size(): number {
    return this.#len - (this.#removed?.size ?? 0) + (this.#added?.size ?? 0);
  }

  has(key: number): boolean {
    const bits = this.#bits ?? this.#makeBits();
    if (bits !== null && key >>> 0 === key && key >>> 5 < bits.length) return ((bits[key >>> 5]! >>> (key & 31)) & 1) === 1;
    if (this.#added?.has(key)) return true;
    if (this.#removed?.has(key)) return false;
    return this.#find(key) >= 0;
  }

  add(key: number): void {
    const bits = this.#bits;
    if (bits !== null && isCompact(key)) {
      if (key >>> 5 < bits.length) bits[key >>> 5]! |= 1 << (key & 31);
      else this.#bits = null;
    }
    if (this.#removed?.delete(key)) {
      // An emptied overlay is dropped: `keys()` hands out the sorted part itself only without one,
      // and `ascending()` would merge it — a pass over the whole list — on every read after a write
      // (a write re-files its row under each field whose value changed: taken out, filed again).
      if (this.#removed.size === 0) this.#removed = null;
      return;
    }
    if (this.#added?.has(key)) return;
    if (isCompact(key)) {
      const len = this.#len;
      if (len === 0 || key > this.#base[len - 1]!) {
        this.#append(key);
        return;
      }
      if (this.#find(key) >= 0) return;
    } else this.#odd += 1;
    (this.#added ??= new Set()).add(key);
    this.#mergeIfLarge();
  }

  /** Answers whether `key` was held. */
  delete(key: number): boolean {
    const bits = this.#bits;
    if (bits !== null && isCompact(key) && key >>> 5 < bits.length) bits[key >>> 5]! &= ~(1 << (key & 31));
    if (this.#added?.delete(key)) {
      if (!isCompact(key)) this.#odd -= 1;
      if (this.#added.size === 0) this.#added = null;
      return true;
    }
    if (!isCompact(key) || this.#removed?.has(key)) return false;
    const at = this.#find(key);
    if (at < 0) return false;
    if (at === this.#len - 1) {
      this.#len -= 1;
      this.#base.length = this.#len;
    }
    else {
      (this.#removed ??= new Set()).add(key);
      this.#mergeIfLarge();
    }
    return true;
  }

  /** Every key once: the sorted part ascending, then the overlay's. */
  keys(): Iterable<number> {
    // No overlay (the usual case): the sorted part itself, which iterates far faster than a generator.
    if (this.#removed === null && this.#added === null) {
      const base = this.#base;
      return this.#len === base.length ? base : base.slice(0, this.#len);
    }
    return this.#walk();
  }

  *#walk(): IterableIterator<number> {
    const base = this.#base;
    const removed = this.#removed;
    const len = this.#len;
    for (let i = 0; i < len; i += 1) {
      const k = base[i]!;
      if (removed === null || !removed.has(k)) yield k;
    }
    if (this.#added !== null) yield* this.#added;
  }

  /**
   * Every key ascending in one run of the sorted part (the overlay merged into it first), or null
   * while a key that is not an integer in 0…2³²−1 is held. A merge after writes moves each key once
   * in place (no new array: a copy of a large list would be a large-object allocation per read).
   */
  ascending(): AscendingRun | null {
    if (this.#removed !== null || this.#added !== null) this.#merge();
    if (this.#added !== null) return null;
    return { keys: this.#base, from: 0, to: this.#len };
  }

  [Symbol.iterator](): Iterator<number> {
    return this.keys()[Symbol.iterator]();
  }

  /**
   * Every key as a bit (key k is bit `k & 31` of word `k >>> 5`; no key past the table's end), for
   * a list of at least `WORDS_FROM` keys no sparser than `has`'s table asks; null otherwise, or
   * while a key no table can hold is held. The table is the list's own, kept true by `add` and
   * `delete`: read it at once, before the next write (`bit-words.ts` ANDs two lists' words).
   */
  words(): Uint32Array | null {
    if (this.#odd > 0) return null;
    return this.#bits ?? this.#makeBits(WORDS_FROM);
  }

  /** The bit table, for a list large and dense enough to be worth one (or null). */
  #makeBits(from = this.#bitsFrom): Uint32Array | null {
    const len = this.#len;
    if (len < from) return null;
    let top = this.#base[len - 1]!;
    if (this.#added !== null) for (const k of this.#added) if (isCompact(k) && k > top) top = k;
    if (top > len * BITS_SPREAD) {
      if (from === this.#bitsFrom) this.#bitsFrom = len * 2;
      return null;
    }
    // Room for an eighth more keys past the largest: new rows (keys counting up) keep the table.
    const bits = new Uint32Array(((top + (top >>> 3)) >>> 5) + 1);
    for (const k of this.keys()) if (isCompact(k)) bits[k >>> 5]! |= 1 << (k & 31);
    this.#bits = bits;
    return bits;
  }

  /** The position of `key` in the sorted part, or −1. */
  #find(key: number): number {
    const base = this.#base;
    let lo = 0;
    let hi = this.#len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = base[mid]!;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid;
      else if (k === key) return mid;
      else return -1; // NaN: equal to nothing, as in a Set
    }
    return -1;
  }

  #append(key: number): void {
    const len = this.#len;
    const base = this.#base;
    if (len < base.length) base[len] = key;
    else if (len < SMALL) {
      // A plain array grows by half plus 16 slots: a few keys would pay for ~20. Copied at its size instead.
      const next = new Array<number>(len + 1);
      for (let i = 0; i < len; i += 1) next[i] = base[i]!;
      next[len] = key;
      this.#base = next;
    } else base.push(key);
    this.#len = len + 1;
  }

  #mergeIfLarge(): void {
    const overlay = (this.#added?.size ?? 0) + (this.#removed?.size ?? 0);
    if (overlay > MERGE_AT + (this.#len >> 4)) this.#merge();
  }

  /**
   * Writes the overlay into the sorted part (keys that cannot be held there stay in it), in place:
   * the deleted keys squeezed out front to back, then the added ones merged in back to front.
   */
  #merge(): void {
    const kept: number[] = [];
    const odd = new Set<number>();
    if (this.#added !== null) {
      for (const k of this.#added) {
        if (isCompact(k)) kept.push(k);
        else odd.add(k);
      }
    }
    kept.sort((a, b) => a - b);
    const base = this.#base;
    let n = this.#len;
    if (this.#removed !== null) {
      // Sorted, so each is met by a pointer in one pass from the first one's place: no hashing
      // of every key (a merge after one write to a 92,000-key list took ~1.2 ms asking a Set).
      const gone = [...this.#removed].sort((a, b) => a - b);
      let w = Math.max(0, this.#find(gone[0]!));
      let g = 0;
      for (let i = w; i < n; i += 1) {
        const k = base[i]!;
        if (g < gone.length && gone[g] === k) g += 1;
        else base[w++] = k;
      }
      n = w;
    }
    let w = n + kept.length;
    if (base.length > w) base.length = w;
    else while (base.length < w) base.push(0);
    let i = n - 1;
    for (let j = kept.length - 1; j >= 0; ) {
      w -= 1;
      if (i >= 0 && base[i]! > kept[j]!) base[w] = base[i--]!;
      else base[w] = kept[j--]!;
    }
    this.#len = n + kept.length;
    this.#removed = null;
    this.#added = odd.size > 0 ? odd : null;
  }
}

/** Lists of at least this many keys answer `has` from a bit table… */
const BITS_FROM = 1024;
/**
 * …and lists of at least this many hand theirs out as `words` (a table holds at most 4 bytes a key
 * beside the list's 8; a smaller list's table would cost more in its object than in its bits).
 */
const WORDS_FROM = 32;
/** …when their largest key is at most this many times their size (the table ≤ 4 bytes a key). */
const BITS_SPREAD = 32;
/** Lists up to this many keys are copied at their size as they grow; longer ones grow as arrays do. */
const SMALL = 16;
/** Overlay entries always allowed before a merge (plus a sixteenth of the sorted part). */
const MERGE_AT = 8;

function isCompact(key: number): boolean {
  return key >>> 0 === key;
}
