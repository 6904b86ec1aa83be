import { engineRowIndexOf, engineRowKey } from '../store/engine-row-index.ts';
import type { EngineRow, Store } from '../store/store.ts';
import type { RowList } from '../http/newest-first.ts';

/**
 * The generic collections' rows, kept in `store.engineRows` so that everything that handles a
 * store field by field (sessions' copy-on-write views, reset, export/import, the state file)
 * handles them too without knowing the engine exists. Lists read one collection through its
 * derived index (`store/engine-row-index.ts`), never the other collections' rows.
 */

export function rowKey(collection: string, id: string | number): string {
  return engineRowKey(collection, id);
}

/** The row of `collection` whose identity is `id` (compared as text: a path segment is text). */
export function getRow(store: Store, collection: string, id: string): EngineRow | undefined {
  return store.engineRows.get(rowKey(collection, id));
}

export function putRow(store: Store, row: EngineRow): void {
  store.engineRows.set(rowKey(row.c, row.k), row);
}

export function deleteRow(store: Store, collection: string, id: string | number): void {
  store.engineRows.delete(rowKey(collection, id));
}

/**
 * Every row of `collection`, newest first as Omnitron's lists are (DOMAIN.md §1: `-pk`): numeric
 * identities descending, others in reverse insertion order. Read lazily: a page reads only its
 * own rows (`paginate` asks for `length` and one `slice`).
 */
export function rowsOf(store: Store, collection: string): RowList<EngineRow> {
  const rows = store.engineRows;
  const index = engineRowIndexOf(rows);
  if (index === null) return scanRows(rows, collection);
  const keys = index.newestFirst(collection);
  return {
    length: keys.length,
    slice: (start, end) => keys.slice(start, end).map((k) => rows.get(k)!),
  };
}

/** A collection's rows from a map no index watches (a test's plain `Map`): a scan. */
function scanRows(rows: ReadonlyMap<string, EngineRow>, collection: string): EngineRow[] {
  const out: EngineRow[] = [];
  for (const row of rows.values()) if (row.c === collection) out.push(row);
  if (out.every((r) => typeof r.k === 'number')) return out.sort((a, b) => (b.k as number) - (a.k as number));
  return out.reverse();
}

/** Hands out the next numeric identity of `collection` (never reused, as a database sequence). */
export function nextEngineId(store: Store, collection: string): number {
  const next = store.engineSequences.get(collection)?.next ?? 1;
  store.engineSequences.set(collection, { next: next + 1 });
  return next;
}

/** True when the collection has been seeded (or written) in this store. */
export function hasCollection(store: Store, collection: string): boolean {
  return store.engineSequences.has(collection);
}
