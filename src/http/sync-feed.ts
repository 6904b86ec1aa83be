import { pythonInt } from '../common/python-int.ts';
import { pageSize } from './pagination.ts';

/**
 * The sales-channel feeds (`inserts_or_updates/`, `updates/`) answer a plain JSON array, not a
 * DRF page (the vendor's fragments). Inferred (docs/decisions/0014): rows oldest change first
 * (`modified_date`, then id), `page` and `limit` as on every list; a channel app keeps the
 * `modified_date` of the last row it read and sends it back as `modified_date__gt`, so "since the
 * last sync" lives in the client's query and a GET never changes state. A page past the end is `[]`.
 */
export function feedPage<T extends { modified_date: string }>(rows: readonly T[], url: URL, idOf: (row: T) => number): T[] {
  const { skip, take } = feedWindow(url);
  const sorted = [...rows].sort((a, b) =>
    a.modified_date < b.modified_date ? -1 : a.modified_date > b.modified_date ? 1 : idOf(a) - idOf(b));
  return sorted.slice(skip, skip + take);
}

/** Which rows of the ordered feed the query's `page` and `limit` ask for. */
export function feedWindow(url: URL): { skip: number; take: number } {
  // The last value of each, as DRF reads a repeated parameter (`QueryDict.get`).
  const size = pageSize(url.searchParams.getAll('limit').at(-1));
  // A number as every list reads one (Python's `int()`); a bad one is page 1, as the feeds had it.
  const n = pythonInt(url.searchParams.getAll('page').at(-1) ?? '');
  const page = n !== null && n > 0 ? n : 1;
  return { skip: (page - 1) * size, take: size };
}
