import type { RowList } from '../http/newest-first.ts';
import { ENGINE_KEY_SEPARATOR, engineRowIndexOf } from '../store/engine-row-index.ts';
import type { EngineRow } from '../store/store.ts';
import { derivedOf, isLayered, StoreMap } from '../store/store-map.ts';
import { keptOrderName, type OrderKey } from './engine-filters.ts';
import { objectBytes } from './row-json.ts';
import { dropAndMerge } from './sorted-merge.ts';

/** Orderings kept sorted per `engineRows` map; past this many, all are dropped (clients choose them). */
const MAX_KEPT = 64;
/** More rows written since the last list than this: sorting afresh (bounds the notes and their `includes` a write). */
const MOVE_LIMIT = 256;

/** A value an ordering field may hold where the order is kept (see `KeptOrder`). */
type Key = string | number | boolean;

/**
 * One row as an ordering holds it: its ordering fields' values read once (what the searches
 * compare), and its bytes once a page needed them; a write that keeps its place replaces the row.
 */
interface Filed {
  row: EngineRow;
  keys: Key[];
  bytes: Uint8Array | undefined;
  /** True once a batch's filing takes it out of the order (`#fileMany`); the cell is then dropped. */
  out: boolean;
}

/** From this many waiting keys on, one merge files them (`#fileMany`; the hot row leaves ~90). */
const BATCH_FROM = 8;

/** A kept ordering's rows: a `RowList`, and each row's JSON bytes by position (a page's join). */
export interface KeptRows extends RowList<EngineRow> {
  bytesAt(index: number): Uint8Array;
}

/**
 * A generic collection's keys in one `ordering`, kept sorted as writes move rows (issue 26): an
 * index like the range index (`store/range-index.ts`), not a kept answer — a write notes its key,
 * and the next list files each noted row: in its cell when its ordering fields did not change
 * (eight of the hot row's ten orderings), else by a shift between its two places (`#move`), or,
 * for many waiting rows, by one merge (`#fileMany`).
 *
 * The order is exactly `orderRows`' stable sort of the newest-first rows: ties keep newest-first
 * order, which for numeric identities is the identity descending — the last comparison here. Only
 * collections with numeric identities whose ordering fields each hold one type of string, number
 * or boolean are kept (`orderRows` places a null, a missing value or an object inconsistently, so
 * only its own sort may): for the others, and a session's view, `keptOrder` answers null.
 */
class KeptOrder implements KeptRows {
  /** The collection's rows in this order, each as it was filed: a page is a slice, no lookup per row. */
  #sorted: Filed[] = [];
  /** Each key's cell (where it sits in `#sorted`). */
  #filed = new Map<string, Filed>();
  /**
   * Keys written since the last list, each once (its row is read when filed; the `includes` that
   * keeps each once reads at most `MOVE_LIMIT`). An array, not a `Set`, whose add, iteration and
   * `clear()` cost ~1.5 µs against ~0.1 (bench/findings.md, thirteenth session, engine-list).
   */
  #dirty: string[] = [];
  #stale = true;
  /** Some row cannot be ordered here (see above): every lookup answers null until a rebuild can. */
  #unusable = false;
  /** Each ordering field's `typeof`, as its first filed row holds it: `<` orders one type only. */
  #types: (string | undefined)[] = [];
  readonly #rows: StoreMap<string, EngineRow>;
  readonly #collection: string;
  readonly #prefix: string;
  readonly #fields: readonly string[];
  readonly #signs: readonly number[];
  readonly stop: () => void;

  constructor(rows: StoreMap<string, EngineRow>, collection: string, order: readonly OrderKey[]) {
    this.#rows = rows;
    this.#collection = collection;
    this.#prefix = `${collection}${ENGINE_KEY_SEPARATOR}`;
    this.#fields = order.map((k) => k.field);
    this.#signs = order.map((k) => k.sign);
    this.stop = rows.watch({
      written: (key) => {
        if (this.#stale || !key.startsWith(this.#prefix)) return;
        // Past the limit of rows written a rebuild is due anyway; a row written again is filed
        // once (its current row is read then), so many writes to a few rows never force a sort.
        const dirty = this.#dirty;
        if (dirty.includes(key)) return;
        if (dirty.length < MOVE_LIMIT) dirty.push(key);
        else this.#stale = true;
      },
      cleared: () => {
        this.#stale = true;
      },
    });
  }

  /**
   * Files every write since the last call (so each row is the map's current one); false where
   * only a sort can say (see above).
   */
  current(): boolean {
    const dirty = this.#dirty;
    if (!this.#stale && dirty.length > 0) {
      let moved = !this.#unusable;
      if (moved && dirty.length >= BATCH_FROM) moved = this.#fileMany(dirty);
      else for (let i = 0; i < dirty.length && moved; i += 1) moved = this.#move(dirty[i]!);
      dirty.length = 0;
      if (!moved) this.#stale = true;
    }
    if (this.#stale) this.#rebuild();
    return !this.#unusable;
  }

  get length(): number {
    return this.#sorted.length;
  }

  slice(start?: number, end?: number): EngineRow[] {
    return this.#sorted.slice(start, end).map((f) => f.row);
  }

  bytesAt(index: number): Uint8Array {
    const filed = this.#sorted[index]!;
    return (filed.bytes ??= objectBytes(filed.row.o));
  }

  #rebuild(): void {
    this.#stale = false;
    this.#dirty.length = 0;
    this.#filed = new Map();
    this.#sorted = [];
    this.#unusable = false;
    this.#types = [];
    const index = engineRowIndexOf(this.#rows);
    if (index === null) {
      this.#unusable = true;
      return;
    }
    const cells: Filed[] = [];
    for (const key of index.keysOf(this.#collection).keys()) {
      const row = this.#rows.get(key);
      if (row === undefined) continue;
      if (!this.#orderable(row)) {
        this.#unusable = true;
        return;
      }
      const cell = this.#cell(row);
      cells.push(cell);
      this.#filed.set(key, cell);
    }
    cells.sort((a, b) => this.#compare(a, b));
    this.#sorted = cells;
  }

  /**
   * Files many written keys at once, each where `#move` would: unmoved rows in their cells, the
   * others' cells marked `out`, then `dropAndMerge`. False when only a rebuild will do.
   */
  #fileMany(keys: readonly string[]): boolean {
    const filed = this.#filed;
    const added: Filed[] = [];
    let out = 0;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      const cell = filed.get(key);
      const now = this.#rows.get(key);
      if (now !== undefined && !this.#orderable(now)) return false;
      if (cell !== undefined) {
        if (now !== undefined && this.#sameKeys(cell, now)) {
          cell.row = now;
          cell.bytes = undefined;
          continue;
        }
        cell.out = true;
        out += 1;
        if (now === undefined) {
          filed.delete(key);
          continue;
        }
      } else if (now === undefined) continue;
      const made = this.#cell(now!);
      added.push(made);
      filed.set(key, made);
    }
    if (out === 0 && added.length === 0) return true;
    return dropAndMerge(this.#sorted, (c) => c.out, out, added, (a, b) => this.#compare(a, b));
  }

  /** Files a written key's row where it now sorts (or takes it out); false when only a rebuild will do. */
  #move(key: string): boolean {
    const cell = this.#filed.get(key);
    const now = this.#rows.get(key);
    if (now !== undefined && !this.#orderable(now)) return false;
    const sorted = this.#sorted;
    if (cell === undefined) {
      if (now === undefined) return true;
      const made = this.#cell(now);
      sorted.splice(this.#position(made), 0, made);
      this.#filed.set(key, made);
      return true;
    }
    if (now !== undefined && this.#sameKeys(cell, now)) {
      cell.row = now;
      cell.bytes = undefined;
      return true;
    }
    const from = this.#position(cell);
    if (sorted[from] !== cell) return false;
    if (now === undefined) {
      sorted.splice(from, 1);
      this.#filed.delete(key);
      return true;
    }
    // Moved: only the rows between its old place and its new one shift by one (two splices
    // would shift everything after each place: ~2 µs a splice of 1,000 rows).
    const moved = this.#cell(now);
    const to = this.#position(moved);
    if (to > from) {
      for (let j = from; j < to - 1; j += 1) sorted[j] = sorted[j + 1]!;
      sorted[to - 1] = moved;
    } else {
      for (let j = from; j > to; j -= 1) sorted[j] = sorted[j - 1]!;
      sorted[to] = moved;
    }
    this.#filed.set(key, moved);
    return true;
  }

  #cell(row: EngineRow): Filed {
    return { row, keys: this.#fields.map((f) => row.o[f] as Key), bytes: undefined, out: false };
  }

  /** True when `row` holds the very values `cell` was filed by (its place is unchanged). */
  #sameKeys(cell: Filed, row: EngineRow): boolean {
    const fields = this.#fields;
    for (let i = 0; i < fields.length; i += 1) if (cell.keys[i] !== row.o[fields[i]!]) return false;
    return true;
  }

  /** The first place whose row sorts at or after `cell`'s. */
  #position(cell: Filed): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(this.#sorted[mid]!, cell) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #orderable(row: EngineRow): boolean {
    if (typeof row.k !== 'number' || row.c !== this.#collection) return false;
    for (const [i, field] of this.#fields.entries()) {
      const v = row.o[field];
      if (typeof v === 'number' ? Number.isNaN(v) : typeof v !== 'string' && typeof v !== 'boolean') return false;
      // A field holding numbers in some rows and strings in others: `<` is no order there.
      const type = (this.#types[i] ??= typeof v);
      if (typeof v !== type) return false;
    }
    return true;
  }

  /** `orderRows`' comparison, then newest first (identity descending), as its stable sort leaves ties. */
  #compare(a: Filed, b: Filed): number {
    const signs = this.#signs;
    for (let i = 0; i < signs.length; i += 1) {
      const x = a.keys[i]!;
      const y = b.keys[i]!;
      if (x === y) continue;
      return (x < y ? -1 : 1) * signs[i]!;
    }
    return (b.row.k as number) - (a.row.k as number);
  }
}

type Kept = Map<string, KeptOrder>;

/**
 * The rows of `collection` in `order` from the kept sorted index of the store's `engineRows`,
 * or null when there is none to keep (a session's view, a plain `Map`) or the collection cannot
 * be ordered here (`KeptOrder`): the caller then sorts as before. `name` is `keptOrderName`'s
 * (a list handler keeps it per ordering it was asked for, rather than making it per request).
 */
export function keptOrder(engineRows: ReadonlyMap<string, EngineRow>, collection: string, order: readonly OrderKey[], name = keptOrderName(collection, order)): KeptRows | null {
  if (!(engineRows instanceof StoreMap) || isLayered(engineRows) || order.length === 0) return null;
  const rows = engineRows as StoreMap<string, EngineRow>;
  const kept = derivedOf<Kept>(rows as StoreMap<unknown, unknown>, 'engine-orderings', () => new Map())!;
  let index = kept.get(name);
  if (index === undefined) {
    if (kept.size >= MAX_KEPT) {
      for (const k of kept.values()) k.stop();
      kept.clear();
    }
    index = new KeptOrder(rows, collection, order);
    kept.set(name, index);
  }
  // The index itself, read synchronously: a page slices it (a copy), nobody writes into it.
  return index.current() ? index : null;
}
