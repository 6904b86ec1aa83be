import type { Store } from './store.ts';
import { derivedOf, isLayered, StoreMap } from './store-map.ts';
import type { Candidates } from './value-index.ts';

/** How a text column reads its rows: the text a substring filter searches, already folded. */
export interface ColumnSpec<Row> {
  rows(store: Store): ReadonlyMap<number, Row>;
  value(row: Row): string | null | undefined;
}

/**
 * One field's text for every row that has one, kept apart from the rows (derived, as the value
 * indexes are: ADR 0011): a substring filter (`description=…`, case-insensitive `contains`)
 * walks these strings instead of touching every row object, and the text is folded once per
 * write instead of once per row per request. Over a session's view, or a plain Map, it answers
 * null and the list reads the rows.
 */
export function textColumnOf<Row>(store: Store, name: string, spec: ColumnSpec<Row>): TextColumn | null {
  const rows = spec.rows(store);
  if (isLayered(rows) || !(rows instanceof StoreMap)) return null;
  return derivedOf(rows, name, () => new TextColumn(rows as StoreMap<number, Row>, spec as ColumnSpec<unknown>));
}

export class TextColumn {
  readonly #rows: StoreMap<number, unknown>;
  readonly #spec: ColumnSpec<unknown>;
  #text = new Map<number, string>();
  #dirty = new Set<number>();
  #whole = true;

  constructor(rows: StoreMap<number, unknown>, spec: ColumnSpec<unknown>) {
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

  /** Rows whose text contains `needle`: found by a walk of the column when asked. */
  containing(needle: string): Candidates {
    this.#refresh();
    const text = this.#text;
    return {
      exact: true,
      // Unknown until walked: taken as the whole column, so a smaller set drives the walk.
      estimate: text.size,
      *keys() {
        for (const [key, t] of text) if (t.includes(needle)) yield key;
      },
      has: (k) => text.get(k)?.includes(needle) ?? false,
    };
  }

  #refresh(): void {
    if (this.#whole) {
      this.#whole = false;
      this.#dirty.clear();
      this.#text = new Map();
      for (const [key, row] of this.#rows) this.#file(key, row);
      return;
    }
    for (const key of this.#dirty) {
      this.#text.delete(key);
      const row = this.#rows.get(key);
      if (row !== undefined) this.#file(key, row);
    }
    this.#dirty.clear();
  }

  #file(key: number, row: unknown): void {
    const v = this.#spec.value(row);
    if (v != null) this.#text.set(key, v);
  }
}
