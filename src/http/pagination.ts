import type { RowList } from './newest-first.ts';
import { linkParts, linkTo, type LinkParts } from './page-url.ts';
import { queryTextOf } from './query-text.ts';
import { pythonInt } from '../common/python-int.ts';
import { KeptByText } from '../common/kept-by-text.ts';

/**
 * DRF's page-number pagination as Omnitron configures it (DOMAIN.md §1): `page` from 1, `limit`
 * default 10 and capped at 1000; a `limit` that is not a positive integer falls back to the
 * default (DRF's `get_page_size` does exactly that); a bad or out-of-range `page` is a 404
 * "Invalid page.", except page 1 of an empty result.
 */
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 1000;

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Reads `limit`: default for anything that is not a positive integer, capped at the maximum. */
export function pageSize(limit: string | undefined): number {
  const n = limit === undefined ? null : pythonInt(limit);
  return n === null || n < 1 ? DEFAULT_LIMIT : Math.min(n, MAX_LIMIT);
}

/** How many pages `count` rows make at `size` a page: one when there are none (page 1 of nothing answers). */
export function pageCount(count: number, size: number): number {
  return Math.max(1, Math.ceil(count / size));
}

/**
 * The page `raw` asks for among `pages`, or null for "Invalid page.": DRF's `get_page_number`
 * (`query_params.get('page') or 1`, so an empty `page=` is page 1; `last`) and Django's
 * `validate_number` (Python's `int()`, from 1 to the last page).
 */
export function pageNumber(raw: string | null | undefined, pages: number): number | null {
  if (raw === null || raw === undefined || raw === '') return 1;
  const n = raw === 'last' ? pages : pythonInt(raw);
  return n !== null && n >= 1 && n <= pages ? n : null;
}

/**
 * Cuts one page out of `rows` (already filtered and ordered), or returns null for "Invalid page."
 * `url` is the request's absolute URL, as a `URL` or as its serialized text (`c.req.url`, which
 * spares a list building a `URL` and parsing its query again): `next`/`previous` keep every other
 * query parameter, in DRF's spelling and order (`linkParts`, ADR 0020).
 */
export function paginate<T, R>(
  rows: RowList<T>,
  url: URL | string,
  serialize: (row: T) => R,
): Page<R> | null {
  const full = typeof url === 'string' ? url : url.href;
  const query = pageQueryOf(full);
  const size = query.size;
  const pages = pageCount(rows.length, size);
  const page = pageNumber(query.page, pages);
  if (page === null) return null;
  const start = (page - 1) * size;
  const links = page < pages || page > 1 ? (query.links ??= linkParts(query.href)) : null;
  return {
    count: rows.length,
    next: links !== null && page < pages ? linkTo(links, page + 1) : null,
    previous: links !== null && page > 1 ? linkTo(links, page - 1) : null,
    results: rows.slice(start, start + size).map(serialize),
  };
}

/**
 * What a list's URL says of its pages, read once a URL text: `limit` as a size, `page` as given,
 * and the parts of its links once a page needs them. A pure function of the text (no count, no
 * row: those are the request's), kept like the filter parse (issue 26, thirteenth session): the
 * hot rows' ~1,000 list URLs each read `limit` and `page` and wrote their links' query anew.
 */
interface PageQuery {
  /** The URL without its fragment: what links are made from. */
  readonly href: string;
  readonly size: number;
  readonly page: string | null;
  links: LinkParts | null;
  /**
   * `pageBytes`' head for the last count it was asked at (`headCount`, -1 before): the page's
   * `{"count":…,"next":…,"previous":…,"results":[` in UTF-8 and where its rows start, or null
   * for "Invalid page.". A function of the text and the count alone, like the rest.
   */
  headCount: number;
  head: Uint8Array | null;
  start: number;
}

/** 1,024 URL texts a generation, two generations, texts up to 320 characters. */
const pageQueries = new KeptByText<PageQuery>(1024, 320);

function pageQueryOf(full: string): PageQuery {
  return pageQueries.get(full, readPageQuery);
}

function readPageQuery(full: string): PageQuery {
  // Links leave out a fragment (a client's own, never sent by a browser): DRF builds them from
  // the path and query only.
  const hash = full.indexOf('#');
  const href = hash === -1 ? full : full.slice(0, hash);
  const params = plainPageParams(href) ?? pageParamsOf(new URL(full));
  return { href, size: pageSize(params.limit ?? undefined), page: params.page, links: null, headCount: -1, head: null, start: 0 };
}

/** `TextEncoder`, not `Buffer`: the same code runs in the browser build (src/embed/). */
const utf8 = new TextEncoder();

/** A page's head as `pageHead` keeps it: its JSON up to the first row, and which rows it holds. */
export interface PageHead {
  /** `{"count":…,"next":…,"previous":…,"results":[` in UTF-8. */
  readonly head: Uint8Array;
  /** The page's rows are `rows.slice(start, start + size)`. */
  readonly start: number;
  readonly size: number;
}

/**
 * The head of the page `url` asks for among `count` rows — `paginate`'s `count`, `next` and
 * `previous` written as `pageJsonBytes` writes them — or null for "Invalid page.": kept on the
 * URL's read (`PageQuery`) for the count it was last asked at (issue 26, sixteenth session), so a
 * page asked again encodes no head and builds no link (`pageBytes` in json-text.ts).
 */
export function pageHead(url: string, count: number): PageHead | null {
  const query = pageQueryOf(url);
  if (query.headCount !== count) headAt(query, count);
  return query.head === null ? null : (query as PageHead);
}

/** Works out `query`'s head at `count` rows, as `paginate` and `pageJsonBytes` write it. */
function headAt(query: PageQuery, count: number): void {
  const size = query.size;
  const pages = pageCount(count, size);
  const page = pageNumber(query.page, pages);
  if (page === null) {
    query.head = null;
    query.headCount = count;
    return;
  }
  const links = page < pages || page > 1 ? (query.links ??= linkParts(query.href)) : null;
  const next = links !== null && page < pages ? linkTo(links, page + 1) : null;
  const previous = links !== null && page > 1 ? linkTo(links, page - 1) : null;
  query.head = utf8.encode(`{"count":${count},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":[`);
  query.start = (page - 1) * size;
  // Last: a throw above leaves the head marked as not yet worked out for this count.
  query.headCount = count;
}

/**
 * `limit` and `page` as DRF reads them: the last value of each (`QueryDict.get`, like the mock's
 * filters), or null.
 */
interface PageParams {
  limit: string | null;
  page: string | null;
}

function pageParamsOf(url: URL): PageParams {
  return { limit: url.searchParams.getAll('limit').at(-1) ?? null, page: url.searchParams.getAll('page').at(-1) ?? null };
}

/**
 * `pageParamsOf` without parsing the query, for the common one: when no pair
 * holds an escape or a `+` in its name, nor in a `limit` or `page` value, the raw text is what
 * the form parser would decode. Null when it cannot tell (the caller then parses).
 */
function plainPageParams(href: string): PageParams | null {
  const query = queryTextOf(href);
  const out: PageParams = { limit: null, page: null };
  if (query === '') return out;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (name.includes('%') || name.includes('+')) return null;
    if (name === 'limit' || name === 'page') {
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      if (value.includes('%') || value.includes('+')) return null;
      if (name === 'limit') out.limit = value;
      else out.page = value;
    }
  }
  return out;
}
