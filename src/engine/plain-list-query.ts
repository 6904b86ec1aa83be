import { queryTextOf } from '../http/query-text.ts';

/** What a plain list query holds: the request's href (for `paginate`), and the ordering where the list orders. */
export interface PlainListQuery {
  readonly href: string;
  /** `ordering` (given once at most, so its only value is its last); undefined when absent. */
  readonly ordering: string | undefined;
}

/** The names a plain query may hold: the route's own, never a filter (`LIST_PARAMETERS`). */
const PAGE_NAMES: ReadonlySet<string> = new Set(['page', 'limit']);
const ORDERED_NAMES: ReadonlySet<string> = new Set(['page', 'limit', 'ordering']);
/** Values read the same by `URLSearchParams`, Hono's query reader and `pageLink` (no escape, no `+`). */
const PLAIN_VALUE = /^[A-Za-z0-9,._*-]*$/;

/**
 * The query of a generic list request that names only `page`, `limit` and — where the list
 * orders — `ordering`, each at most once, with plain values: read by one split of the href, where
 * the general way parses it twice more (the filter parse and Hono's `query`; with the `URL` that
 * `paginate` no longer builds, ~10 µs of a ten-item list, issue 26). Such a query has no filter,
 * no error and nothing ignored, so the filter parse would answer nothing. Null for any other query (a filter, an
 * unknown, repeated or bare name, an escape, a `+`, an empty pair), which goes the general way.
 *
 * `href` is the request's URL as the adapter hands it over, already serialized (`URL.href`), which
 * `paginate` reads its `limit` and `page` and builds its links from.
 */
export function plainListQuery(href: string, orderable: boolean): PlainListQuery | null {
  const query = queryTextOf(href);
  const values = new Map<string, string>();
  if (query !== '') {
    const names = orderable ? ORDERED_NAMES : PAGE_NAMES;
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) return null;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (!names.has(name) || values.has(name) || !PLAIN_VALUE.test(value)) return null;
      values.set(name, value);
    }
  }
  return { href, ordering: values.get('ordering') };
}
