/**
 * One value per row key, for a derived index's own per-row tables (the values a row is filed
 * under, a sorted index's value of each key, a text column's text). Row keys are pks — mostly
 * small consecutive integers — so they are slots of a plain array, 8 bytes a row, where a `Map`
 * entry costs ~30–60 bytes and one `Map` per index repeated the same keys (issue 26: RSS ≤ 1 GiB).
 * A key far past the array's end (more than `GAP` slots), negative or not an integer goes to a
 * small `Map` instead, so a stray large pk cannot make the array sparse.
 *
 * The array grows by copying (V8: ×1.5), a few hundred microseconds at 150,000 rows, where a `Map`
 * of that size rehashes for tens of milliseconds (`sharded-map.ts`). `undefined` means no value:
 * a caller that files `undefined` itself wraps it (`value-index.ts`).
 */
export class KeyColumn<V> {
  #dense: Array<V | undefined> = [];
  #sparse: Map<number, V> | null = null;

  get(key: number): V | undefined {
    const v = this.#dense[key];
    if (v !== undefined) return v;
    return this.#sparse?.get(key);
  }

  /** `value` must not be `undefined` (that is `delete`). */
  set(key: number, value: V): void {
    if (this.#sparse?.has(key)) this.#sparse.set(key, value);
    else if (Number.isInteger(key) && key >= 0 && key <= this.#dense.length + GAP) this.#dense[key] = value;
    else (this.#sparse ??= new Map()).set(key, value);
  }

  delete(key: number): void {
    if (Number.isInteger(key) && key >= 0 && key < this.#dense.length) this.#dense[key] = undefined;
    this.#sparse?.delete(key);
  }
}

/** How far past the array's end a key may land and still be a slot of it. */
const GAP = 1024;
