import type { Store } from './store.ts';
import { derivedOf, isLayered, StoreMap } from './store-map.ts';
import type { Candidates } from './value-index.ts';

/** Bounds on a text value, compared as text (`lower ≤ v < upper` and so on). */
export interface TextRange {
  lower?: { value: string; inclusive: boolean };
  upper?: { value: string; inclusive: boolean };
}

/** How a range index reads its rows: a value that does not change once the row is stored. */
export interface RangeSpec<Row> {
  rows(store: Store): ReadonlyMap<number, Row>;
  value(row: Row): string | null | undefined;
  /** Values the index may hold; when one is not, the index gives up and the list scans. */
  accepts(value: string): boolean;
}

/**
 * Rows sorted by a text value, for range filters (`created_date__gte=2025-01-01` matches most
 * plans: only a sorted index answers it without reading them all). Canonical ISO date-times sort
 * as text as they fall in time, which is also how the date filters compare them.
 *
 * Meant for a value fixed at creation (`created_date`): a new row whose value sorts last is
 * appended; any other change re-sorts on the next lookup. Over a session's copy-on-write view it
 * answers null (the list scans): sessions are small-scale by nature.
 */
export function rangeIndexOf<Row>(store: Store, name: string, spec: RangeSpec<Row>): RangeIndex | null {
  const rows = spec.rows(store);
  if (isLayered(rows) || !(rows instanceof StoreMap)) return null;
  return derivedOf(rows, name, () => new RangeIndex(rows as StoreMap<number, Row>, spec as RangeSpec<unknown>));
}

export class RangeIndex {
  readonly #rows: StoreMap<number, unknown>;
  readonly #spec: RangeSpec<unknown>;
  /** Values ascending, and the key of each (ties by key). */
  #values: string[] = [];
  #keys: number[] = [];
  #valueOf = new Map<number, string>();
  #dirty = new Set<number>();
  #whole = true;
  /** Some stored value is not one the index can order: every lookup answers null. */
  #unusable = false;

  constructor(rows: StoreMap<number, unknown>, spec: RangeSpec<unknown>) {
    this.#rows = rows;
    this.#spec = spec;
    rows.watch({
      written: (key) => {
        if (!this.#whole) this.#dirty.add(key);
      },
      cleared: () => {
        this.#whole = true;
      },
    });
  }

  /** Rows whose value lies in `range`; null when the index cannot answer. */
  lookup(range: TextRange): Candidates | null {
    this.#refresh();
    if (this.#unusable) return null;
    const from = range.lower ? this.#bound(range.lower.value, !range.lower.inclusive) : 0;
    const to = range.upper ? this.#bound(range.upper.value, range.upper.inclusive) : this.#values.length;
    const all = this.#keys;
    const end = Math.max(from, to);
    const valueOf = this.#valueOf;
    const inRange = (v: string) =>
      (!range.lower || (range.lower.inclusive ? v >= range.lower.value : v > range.lower.value)) &&
      (!range.upper || (range.upper.inclusive ? v <= range.upper.value : v < range.upper.value));
    return {
      exact: true,
      estimate: end - from,
      // A walk over the range, not a copy: a copy of most of 100,000 keys per request would be
      // a large-object allocation, and those bring on full collections of the whole store.
      *keys() {
        for (let i = from; i < end; i += 1) yield all[i]!;
      },
      has: (k) => {
        const v = valueOf.get(k);
        return v !== undefined && inRange(v);
      },
    };
  }

  /** The first position whose value is ≥ `value` (or > it, when `after`). */
  #bound(value: string, after: boolean): number {
    let lo = 0;
    let hi = this.#values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.#values[mid]!;
      if (v < value || (after && v === value)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #refresh(): void {
    if (this.#unusable && this.#dirty.size > 0) this.#whole = true;
    if (!this.#whole) {
      if (this.#dirty.size === 0) return;
      for (const key of [...this.#dirty].sort((a, b) => a - b)) {
        if (!this.#appendNew(key)) {
          this.#whole = true;
          break;
        }
      }
      this.#dirty.clear();
      if (!this.#whole) return;
    }
    this.#whole = false;
    this.#dirty.clear();
    this.#unusable = false;
    const entries: [string, number][] = [];
    this.#valueOf = new Map();
    for (const [key, row] of this.#rows) {
      const v = this.#spec.value(row);
      if (v == null) continue;
      if (!this.#spec.accepts(v)) {
        this.#unusable = true;
        return;
      }
      entries.push([v, key]);
      this.#valueOf.set(key, v);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.#values = entries.map((e) => e[0]);
    this.#keys = entries.map((e) => e[1]);
  }

  /** Files a written key when it is a new row sorting last; false when only a re-sort will do. */
  #appendNew(key: number): boolean {
    const row = this.#rows.get(key);
    const before = this.#valueOf.get(key);
    const v = row === undefined ? undefined : this.#spec.value(row) ?? undefined;
    if (before === v) return true;
    if (before !== undefined || v === undefined || !this.#spec.accepts(v)) return false;
    const last = this.#values.length - 1;
    if (last >= 0 && (this.#values[last]! > v || (this.#values[last] === v && this.#keys[last]! > key))) return false;
    this.#values.push(v);
    this.#keys.push(key);
    this.#valueOf.set(key, v);
    return true;
  }
}
