import { Utf8Writer } from '../common/utf8-writer.ts';
import type { RowList } from '../http/newest-first.ts';
import { pageCount, pageNumber, pageSize } from '../http/pagination.ts';
import type { EngineRow } from '../store/store.ts';
import type { KeptRows } from './engine-orderings.ts';
import { plainPageLink, type PlainListQuery } from './plain-list-query.ts';
import { objectBytes } from './row-json.ts';

/** Where plain pages are joined: each page a view of its slab (see `Utf8Writer`). */
const pages = new Utf8Writer();

/**
 * The page a plain list query asks for, as JSON bytes — exactly what `paginate` and
 * `pageJsonBytes` answer for it (`{"count", "next", "previous", "results"}`, DRF's page-number
 * rules as `paginate` reads them), or null for "Invalid page." — written straight from the
 * query's parts (`plainListQuery`) and the rows' kept bytes: no `Page` object, no array of
 * results, no second reading of the query for `limit`, `page` and each link (issue 26).
 */
export function plainPageBytes(q: PlainListQuery, rows: RowList<EngineRow> | KeptRows): Uint8Array | null {
  const size = pageSize(q.limit);
  const count = rows.length;
  const pages_ = pageCount(count, size);
  const page = pageNumber(q.page, pages_);
  if (page === null) return null;
  const start = (page - 1) * size;
  const end = Math.min(start + size, count);
  const w = pages;
  w.begin();
  w.text(`{"count":${count},"next":`);
  w.text(page < pages_ ? JSON.stringify(plainPageLink(q, page + 1)) : 'null');
  w.text(',"previous":');
  w.text(page > 1 ? JSON.stringify(plainPageLink(q, page - 1)) : 'null');
  w.text(',"results":[');
  if ('bytesAt' in rows) {
    for (let i = start; i < end; i += 1) {
      if (i > start) w.text(',');
      w.bytes(rows.bytesAt(i));
    }
  } else {
    const results = rows.slice(start, end);
    for (let i = 0; i < results.length; i += 1) {
      if (i > 0) w.text(',');
      w.bytes(objectBytes(results[i]!.o));
    }
  }
  w.text(']}');
  return w.take();
}
