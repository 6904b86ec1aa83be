import { KeptByText } from '../common/kept-by-text.ts';
import { Utf8Writer } from '../common/utf8-writer.ts';
import type { RowList } from '../http/newest-first.ts';
import { pageCount, pageNumber, pageSize } from '../http/pagination.ts';
import type { EngineRow } from '../store/store.ts';
import type { KeptRows } from './engine-orderings.ts';
import { plainListQuery, plainPageLink, type PlainListQuery } from './plain-list-query.ts';
import { objectBytes } from './row-json.ts';

/** Where plain pages are joined: each page a view of its slab (see `Utf8Writer`). */
const pages = new Utf8Writer();
/** `TextEncoder`, not `Buffer`: the same code runs in the browser build (src/embed/). */
const utf8 = new TextEncoder();

/**
 * One plain list URL as read once (`PlainPages`): its query, and the head of its page —
 * `{"count":…,"next":…,"previous":…,"results":[` in UTF-8 — for the last count it was asked at,
 * which is all the head depends on. `head` null: that count makes the page an "Invalid page.".
 */
export interface PlainPage {
  readonly query: PlainListQuery;
  count: number;
  head: Uint8Array | null;
  /** Where the page's rows start among the list's, at `count`. */
  start: number;
  end: number;
}

/**
 * The process's kept plain URLs (1,024 a generation, two generations, texts up to 320 characters,
 * as `paginate` keeps its URLs), one table for lists that take `ordering` and one for those that
 * do not (`plainListQuery` reads a URL by that alone): shared by every list handler, so the
 * memory they hold is bounded once, not once per list operation of a served spec (review,
 * thirteenth session). A URL's path names its handler, and what is kept is a pure function of the
 * URL text and the count, so an entry left by a handler a reload replaced is still right for the
 * new one.
 */
const TABLES: readonly [KeptByText<PlainPage | null>, KeptByText<PlainPage | null>] = [
  new KeptByText(1024, 320),
  new KeptByText(1024, 320),
];

/** How many URL texts the table of lists that take `ordering` (or not) keeps now (for tests of the bound). */
export function keptPlainUrls(orderable: boolean): number {
  return TABLES[orderable ? 1 : 0].size;
}

/**
 * The plain URLs of a list handler, each read once a URL text (issue 26, thirteenth session): the
 * query's scan, `limit` and `page`, both links and the head's encoding were made per request
 * (~4–5 µs of a ~10 µs handler, in process). A pure function of the URL text and the list's
 * count — no row and no row's bytes are kept: the page's rows are read and copied per request.
 * Null for a URL that is not a plain list query (`plainListQuery`).
 */
export class PlainPages {
  readonly #table: KeptByText<PlainPage | null>;
  readonly #read: (href: string) => PlainPage | null;

  constructor(readonly orderable: boolean) {
    this.#table = TABLES[orderable ? 1 : 0];
    this.#read = (href) => {
      const query = plainListQuery(href, orderable);
      return query === null ? null : { query, count: -1, head: null, start: 0, end: 0 };
    };
  }

  of(href: string): PlainPage | null {
    return this.#table.get(href, this.#read);
  }
}

/**
 * The page a plain list query asks for, as JSON bytes — exactly what `paginate` and
 * `pageJsonBytes` answer for it (`{"count", "next", "previous", "results"}`, DRF's page-number
 * rules as `paginate` reads them), or null for "Invalid page." — written from the query's kept
 * head at this count (`PlainPages`) and the rows' kept bytes: no `Page` object, no array of
 * results, no reading of the query for `limit`, `page` and each link (issue 26).
 */
export function plainPageBytes(p: PlainPage, rows: RowList<EngineRow> | KeptRows): Uint8Array | null {
  const count = rows.length;
  if (p.count !== count) headAt(p, count);
  const head = p.head;
  if (head === null) return null;
  const start = p.start;
  const end = p.end;
  const w = pages;
  w.begin();
  w.bytes(head);
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

/** Works out `p`'s page and head at `count` rows (DRF's rules as `paginate` reads them). */
function headAt(p: PlainPage, count: number): void {
  const q = p.query;
  const size = pageSize(q.limit);
  const pages_ = pageCount(count, size);
  const page = pageNumber(q.page, pages_);
  if (page === null) {
    p.head = null;
    p.count = count;
    return;
  }
  const next = page < pages_ ? JSON.stringify(plainPageLink(q, page + 1)) : 'null';
  const previous = page > 1 ? JSON.stringify(plainPageLink(q, page - 1)) : 'null';
  p.head = utf8.encode(`{"count":${count},"next":${next},"previous":${previous},"results":[`);
  p.start = (page - 1) * size;
  p.end = Math.min(p.start + size, count);
  // Last: a throw above leaves the page marked as not yet worked out for this count.
  p.count = count;
}
