import type { RowList } from '../http/newest-first.ts';
import { ENGINE_KEY_SEPARATOR, engineRowIndexOf } from '../store/engine-row-index.ts';
import type { EngineRow } from '../store/store.ts';
import { derivedOf, isLayered, StoreMap } from '../store/store-map.ts';

/** One field of an `ordering`, and its direction. */
export interface OrderKey {
  field: string;
  sign: 1 | -1;
}

/** Orderings kept sorted per `engineRows` map; past this many, all are dropped (clients choose them). */
const MAX_KEPT = 64;
/** More rows written since the last list than this: sorting afresh beats moving each one. */
const MOVE_LIMIT = 256;

/**
 * A generic collection's keys in one `ordering`, kept sorted as writes move rows (issue 26): an
 * index like the range index (`store/range-index.ts`), not a kept answer — a write notes its key,
 * and the next list moves each noted row out of its old place and into its new one (two binary
 * searches), where the order kept until the next write (`orderedOnce`) sorted the whole
 * collection again after every write (the bench's engine list, one write in ten, sorted 1,000
 * rows on most requests).
 *
 * The order is exactly `orderRows`' stable sort of the newest-first rows: ties keep newest-first
 * order, which for numeric identities is the identity descending — the last comparison here. Only
 * collections whose identities are all numbers and whose ordering fields hold only strings,
 * numbers or booleans, one of them per field, are kept (`orderRows`' comparator answers a null, a missing value or an
 * object inconsistently, so only its own sort says where they go): for the others, and for a session's view, `keptOrder` answers null and the
 * caller sorts.
 */
class KeptOrder {
  /** The collection's rows in this order, each as it was filed: a page is a slice, no lookup per row. */
  #sorted: EngineRow[] = [];
  /** Each key's row as it was filed (where it sits in `#sorted`). */
  #filed = new Map<string, EngineRow>();
  #dirty = new Set<string>();
  #stale = true;
  /** Some row cannot be ordered here (see above): every lookup answers null until a rebuild can. */
  #unusable = false;
  /** Each ordering field's `typeof`, as its first filed row holds it: `<` orders one type only. */
  #types: (string | undefined)[] = [];
  readonly #rows: StoreMap<string, EngineRow>;
  readonly #collection: string;
  readonly #prefix: string;
  readonly #order: readonly OrderKey[];
  readonly stop: () => void;

  constructor(rows: StoreMap<string, EngineRow>, collection: string, order: readonly OrderKey[]) {
    this.#rows = rows;
    this.#collection = collection;
    this.#prefix = `${collection}${ENGINE_KEY_SEPARATOR}`;
    this.#order = order;
    this.stop = rows.watch({
      written: (key) => {
        if (!this.#stale && key.startsWith(this.#prefix)) this.#dirty.add(key);
      },
      cleared: () => {
        this.#stale = true;
      },
    });
  }

  /**
   * The collection's rows in this order, or null where only a sort can say (see above). Every
   * write since the last call is filed first, so each row is the map's current one.
   */
  rows(): readonly EngineRow[] | null {
    if (!this.#stale && this.#dirty.size > 0) {
      const moved = this.#dirty.size <= MOVE_LIMIT && !this.#unusable && [...this.#dirty].every((key) => this.#move(key));
      this.#dirty.clear();
      if (!moved) this.#stale = true;
    }
    if (this.#stale) this.#rebuild();
    return this.#unusable ? null : this.#sorted;
  }

  #rebuild(): void {
    this.#stale = false;
    this.#dirty.clear();
    this.#filed = new Map();
    this.#sorted = [];
    this.#unusable = false;
    this.#types = [];
    const index = engineRowIndexOf(this.#rows);
    if (index === null) {
      this.#unusable = true;
      return;
    }
    const rows: EngineRow[] = [];
    for (const key of index.keysOf(this.#collection).keys()) {
      const row = this.#rows.get(key);
      if (row === undefined) continue;
      if (!this.#orderable(row)) {
        this.#unusable = true;
        return;
      }
      rows.push(row);
      this.#filed.set(key, row);
    }
    rows.sort((a, b) => this.#compare(a, b));
    this.#sorted = rows;
  }

  /** Moves a written key's row to where it now sorts (or out); false when only a rebuild will do. */
  #move(key: string): boolean {
    const before = this.#filed.get(key);
    const now = this.#rows.get(key);
    if (now !== undefined && !this.#orderable(now)) return false;
    if (before !== undefined) {
      const at = this.#position(before);
      if (this.#sorted[at] !== before) return false;
      if (now !== undefined && this.#compare(before, now) === 0) {
        this.#filed.set(key, now);
        this.#sorted[at] = now;
        return true;
      }
      this.#sorted.splice(at, 1);
      this.#filed.delete(key);
    }
    if (now !== undefined) {
      this.#sorted.splice(this.#position(now), 0, now);
      this.#filed.set(key, now);
    }
    return true;
  }

  /** The first place whose row sorts at or after `row`. */
  #position(row: EngineRow): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(this.#sorted[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #orderable(row: EngineRow): boolean {
    if (typeof row.k !== 'number' || row.c !== this.#collection) return false;
    for (const [i, { field }] of this.#order.entries()) {
      const v = row.o[field];
      if (typeof v === 'number' ? Number.isNaN(v) : typeof v !== 'string' && typeof v !== 'boolean') return false;
      // A field holding numbers in some rows and strings in others: `<` is no order there.
      const type = (this.#types[i] ??= typeof v);
      if (typeof v !== type) return false;
    }
    return true;
  }

  /** `orderRows`' comparison, then newest first (identity descending), as its stable sort leaves ties. */
  #compare(a: EngineRow, b: EngineRow): number {
    for (const { field, sign } of this.#order) {
      const x = a.o[field] as string | number | boolean;
      const y = b.o[field] as string | number | boolean;
      if (x === y) continue;
      return (x < y ? -1 : 1) * sign;
    }
    return (b.k as number) - (a.k as number);
  }
}

type Kept = Map<string, KeptOrder>;

/**
 * The rows of `collection` in `order` from the kept sorted index of the store's `engineRows`,
 * or null when there is none to keep (a session's view, a plain `Map`) or the collection cannot
 * be ordered here (`KeptOrder`): the caller then sorts as before.
 */
export function keptOrder(engineRows: ReadonlyMap<string, EngineRow>, collection: string, order: readonly OrderKey[]): RowList<EngineRow> | null {
  if (!(engineRows instanceof StoreMap) || isLayered(engineRows) || order.length === 0) return null;
  const rows = engineRows as StoreMap<string, EngineRow>;
  const kept = derivedOf<Kept>(rows as StoreMap<unknown, unknown>, 'engine-orderings', () => new Map())!;
  const name = `${collection}${ENGINE_KEY_SEPARATOR}${order.map((k) => `${k.sign < 0 ? '-' : ''}${k.field}`).join(',')}`;
  let index = kept.get(name);
  if (index === undefined) {
    if (kept.size >= MAX_KEPT) {
      for (const k of kept.values()) k.stop();
      kept.clear();
    }
    index = new KeptOrder(rows, collection, order);
    kept.set(name, index);
  }
  // The kept array itself: a page slices it (a copy), nobody writes into it.
  return index.rows();
}
