import { linkPartsOf, linkTo, writtenPart, type LinkParts } from '../http/page-url.ts';
import { queryTextOf } from '../http/query-text.ts';

/**
 * What a plain list query holds: `ordering` where the list orders, `page` and `limit` as given,
 * and what every page link is made of (`plainPageLink`).
 */
export interface PlainListQuery {
  /** `ordering` (given once at most, so its only value is its last); undefined when absent. */
  readonly ordering: string | undefined;
  readonly page: string | undefined;
  readonly limit: string | undefined;
  /** What every page link is made of, in DRF's form (`linkPartsOf`: the same sort and spelling as `paginate`'s links). */
  readonly links: LinkParts;
}

/** The names a plain query may hold: the route's own, never a filter (`LIST_PARAMETERS`). */
const PAGE_NAMES: ReadonlySet<string> = new Set(['page', 'limit']);
const ORDERED_NAMES: ReadonlySet<string> = new Set(['page', 'limit', 'ordering']);
/** Values read the same by `URLSearchParams`, Hono's query reader and `parse_qs` (no escape, no `+`). */
const PLAIN_VALUE = /^[A-Za-z0-9,._*-]*$/;

/**
 * The query of a generic list request that names only `page`, `limit` and — where the list
 * orders — `ordering`, each at most once, with plain values: read by one scan of the href, where
 * the general way parses it twice more (the filter parse and Hono's `query`; with the `URL` that
 * `paginate` no longer builds, ~10 µs of a ten-item list, issue 26), and `paginate` would split it
 * again for `limit`, `page` and each link. Such a query has no filter, no error and nothing
 * ignored, so the filter parse would answer nothing. Null for any other query (a filter, an
 * unknown, repeated or bare name, an escape, a `+`, an empty pair, a fragment), which goes the
 * general way.
 *
 * `href` is the request's URL as the adapter hands it over, already serialized (`URL.href`).
 */
export function plainListQuery(href: string, orderable: boolean): PlainListQuery | null {
  if (href.includes('#')) return null;
  const query = queryTextOf(href);
  const names = orderable ? ORDERED_NAMES : PAGE_NAMES;
  let ordering: string | undefined;
  let page: string | undefined;
  let limit: string | undefined;
  // The pairs but `page`, for the links: a plain name reads as it is written.
  const linkNames: string[] = [];
  const linkPairs: string[] = [];
  for (let at = 0; at < query.length; ) {
    const amp = query.indexOf('&', at);
    const end = amp === -1 ? query.length : amp;
    const eq = query.indexOf('=', at);
    // A bare name, an empty name, or an empty pair (`a=1&&b=2`, a trailing `&`).
    if (eq <= at || eq >= end || (amp !== -1 && amp === query.length - 1)) return null;
    const name = query.slice(at, eq);
    const value = query.slice(eq + 1, end);
    if (!names.has(name) || !PLAIN_VALUE.test(value)) return null;
    if (name === 'page') {
      if (page !== undefined) return null;
      page = value;
    } else if (name === 'limit') {
      if (limit !== undefined) return null;
      limit = value;
    } else {
      if (ordering !== undefined) return null;
      ordering = value;
    }
    if (name !== 'page') {
      const written = writtenPart(value);
      linkNames.push(name);
      linkPairs.push(written === value ? query.slice(at, end) : `${name}=${written}`);
    }
    at = end + 1;
  }
  const q = href.indexOf('?');
  return { ordering, page, limit, links: linkPartsOf(q === -1 ? href : href.slice(0, q), linkNames, linkPairs) };
}

/** The link to `page` of a plain query: `paginate`'s link, written by the same code (`linkTo`). */
export function plainPageLink(q: PlainListQuery, page: number): string {
  return linkTo(q.links, page);
}
