import { DenseSlots } from './dense-slots.ts';

/**
 * One value per row key, for a derived index's own per-row tables (the values a row is filed
 * under, a sorted index's value of each key, a text column's text). Row keys are pks — mostly
 * small consecutive integers — so they are slots (`DenseSlots`, 8 bytes a row), where a `Map`
 * entry costs ~30–60 bytes and one `Map` per index repeated the same keys (issue 26: RSS ≤ 1 GiB).
 * A key that gets no slot — negative, not an integer below 2³², far past the rest or among keys
 * too sparse (`DenseSlots`' rule) — goes to a small `Map` instead, and stays there once there.
 * `undefined` means no value: a caller that files `undefined` itself wraps it (`value-index.ts`).
 */
export class KeyColumn<V> {
  readonly #slots = new DenseSlots<V>();
  #sparse: Map<number, V> | null = null;

  get(key: number): V | undefined {
    if (key >>> 0 === key) {
      const v = this.#slots.get(key);
      if (v !== undefined) return v;
    }
    return this.#sparse?.get(key);
  }

  /** `value` must not be `undefined` (that is `delete`). */
  set(key: number, value: V): void {
    if (this.#sparse?.has(key)) this.#sparse.set(key, value);
    else if (!(key >>> 0 === key && this.#slots.put(key, value))) (this.#sparse ??= new Map()).set(key, value);
  }

  delete(key: number): void {
    if (key >>> 0 === key) this.#slots.clear(key);
    this.#sparse?.delete(key);
  }
}
