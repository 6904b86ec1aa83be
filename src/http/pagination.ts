import type { RowList } from './newest-first.ts';
import { pageLink } from './page-url.ts';

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

/** What `paginate` reads of the request's URL (a `URL` is one; the engine's plain list query another). */
export interface PageUrl {
  readonly href: string;
  readonly searchParams: { get(name: string): string | null };
}

/** Reads `limit`: default for anything that is not a positive integer, capped at the maximum. */
export function pageSize(limit: string | undefined): number {
  if (limit === undefined || !/^\d+$/.test(limit.trim())) return DEFAULT_LIMIT;
  const n = Number(limit.trim());
  return n < 1 ? DEFAULT_LIMIT : Math.min(n, MAX_LIMIT);
}

/**
 * Cuts one page out of `rows` (already filtered and ordered), or returns null for "Invalid page."
 * `url` is the request's absolute URL: `next`/`previous` keep every other query parameter.
 */
export function paginate<T, R>(
  rows: RowList<T>,
  url: PageUrl,
  serialize: (row: T) => R,
): Page<R> | null {
  const size = pageSize(url.searchParams.get('limit') ?? undefined);
  const rawPage = url.searchParams.get('page');
  let page = 1;
  if (rawPage !== null && rawPage !== '') {
    if (rawPage === 'last') page = Math.max(1, Math.ceil(rows.length / size));
    else if (/^\d+$/.test(rawPage.trim())) page = Number(rawPage.trim());
    else return null;
  }
  const pages = Math.max(1, Math.ceil(rows.length / size));
  if (page < 1 || page > pages) return null;
  const start = (page - 1) * size;
  return {
    count: rows.length,
    next: page < pages ? pageUrl(url, page + 1) : null,
    previous: page > 1 ? pageUrl(url, page - 1) : null,
    results: rows.slice(start, start + size).map(serialize),
  };
}

/** DRF drops `page` from the link to page 1 (`remove_query_param`). */
function pageUrl(url: PageUrl, page: number): string {
  const link = pageLink(url.href, page);
  if (link !== null) return link;
  const u = new URL(url.href);
  if (page === 1) u.searchParams.delete('page');
  else u.searchParams.set('page', String(page));
  return u.toString();
}
