import { KeyColumn } from './key-column.ts';
import { fileUnder, sizeOf, unfileFrom, type Bucket } from './buckets.ts';
import { BuildSlot, fileEach, ROWS_A_STEP, type SlicedBuild, type WarmOptions } from './sliced-build.ts';
import type { Store } from './store.ts';
import { derivedOf, isLayered, StoreMap } from './store-map.ts';
import type { Candidates } from './candidates.ts';

/** How a text column reads its rows: the text a substring filter searches, and how it is folded. */
export interface ColumnSpec<Row> {
  rows(store: Store): ReadonlyMap<number, Row>;
  /** The row's text as stored. */
  value(row: Row): string | null | undefined;
  /** The text as the filter compares it (case folding); called once per distinct text, not per row. */
  fold(text: string): string;
}

/** Distinct stored texts whose folding is remembered; past this the memory starts afresh. */
const FOLDS_KEPT = 4096;

/**
 * One field's text for every row that has one, kept apart from the rows (derived, as the value
 * indexes are: ADR 0011): a substring filter (`description=…`, case-insensitive `contains`)
 * tests each distinct text once instead of touching every row object, and the text is folded
 * once per write instead of once per row per request. Over a session's view, or a plain Map, it answers
 * null and the list reads the rows.
 */
export function textColumnOf<Row>(store: Store, name: string, spec: ColumnSpec<Row>): TextColumn | null {
  const rows = spec.rows(store);
  if (isLayered(rows) || !(rows instanceof StoreMap)) return null;
  return derivedOf(rows, name, () => new TextColumn(rows as StoreMap<number, Row>, spec as ColumnSpec<unknown>));
}

export class TextColumn implements SlicedBuild {
  readonly #rows: StoreMap<number, unknown>;
  readonly #spec: ColumnSpec<unknown>;
  #text = new KeyColumn<string>();
  /**
   * Each distinct text and the keys holding it: texts repeat (a seeded description is one of a
   * few dozen phrases), so a search tests each distinct text once, not each row.
   */
  #byText = new Map<string, Bucket>();
  /**
   * Stored text → folded text. Folding (NFC, Turkish i's, lower case) costs ~1 µs a row; texts
   * repeat, so the first build of 100,000 rows folds a few dozen texts instead of 100,000.
   */
  #folds = new Map<string, string>();
  #dirty = new Set<number>();
  /** The build in slices under way, if any. */
  readonly #build = new BuildSlot((rowsAStep) => this.#startBuild(rowsAStep));

  constructor(rows: StoreMap<number, unknown>, spec: ColumnSpec<unknown>) {
    this.#rows = rows;
    this.#spec = spec;
    rows.watch({
      written: (key) => {
        if (!this.#build.whole) this.#dirty.add(key);
      },
      cleared: () => {
        this.#build.invalidate();
      },
    });
  }

  /** Builds in slices between other work, unless built or being built (`BuildSlot.warm`). */
  warm(options: WarmOptions = {}): Promise<void> {
    return this.#build.warm(options);
  }

  built(): boolean {
    return this.#build.built();
  }

  /** Rows whose text contains `needle`. */
  containing(needle: string): Candidates {
    this.#refresh();
    const sets: Bucket[] = [];
    let total = 0;
    for (const [t, keys] of this.#byText) {
      if (!t.includes(needle)) continue;
      sets.push(keys);
      total += sizeOf(keys);
    }
    return {
      exact: true,
      estimate: total,
      // Disjoint: a row holds one text.
      count: () => total,
      *keys() {
        for (const s of sets) {
          if (typeof s === 'number') yield s;
          else yield* s.keys();
        }
      },
      has: (k) => this.#text.get(k)?.includes(needle) ?? false,
    };
  }

  /**
   * Starts filing every row anew; the steps file `rowsAStep` rows each. The rows are read
   * through the live Map iterator, and every write from now on is noted, so rows written while
   * the build goes on are re-filed when it ends.
   */
  #startBuild(rowsAStep = ROWS_A_STEP): Generator<void> {
    this.#dirty.clear();
    this.#text = new KeyColumn<string>();
    this.#byText = new Map();
    return fileEach(this.#rows.entries(), (key, row) => this.#refile(key, row), rowsAStep);
  }

  #refresh(): void {
    this.#build.finishNow();
    for (const key of this.#dirty) this.#refile(key, this.#rows.get(key));
    this.#dirty.clear();
  }

  /** Files `key` under its row's text now (or nowhere: no row, no text), wherever it was before. */
  #refile(key: number, row: unknown): void {
    const before = this.#text.get(key);
    if (before !== undefined) {
      this.#text.delete(key);
      unfileFrom(this.#byText, before, key);
    }
    if (row !== undefined) this.#file(key, row);
  }

  #file(key: number, row: unknown): void {
    const raw = this.#spec.value(row);
    if (raw == null) return;
    let v = this.#folds.get(raw);
    if (v === undefined) {
      if (this.#folds.size >= FOLDS_KEPT) this.#folds.clear();
      v = this.#spec.fold(raw);
      this.#folds.set(raw, v);
    }
    this.#text.set(key, v);
    fileUnder(this.#byText, v, key);
  }
}
