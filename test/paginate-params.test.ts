import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonInt } from '../src/common/python-int.ts';
import { pageSize, paginate } from '../src/http/pagination.ts';

/**
 * `paginate` reads `limit` and `page` from the request URL's text without parsing its query where
 * it can tell (issue 26). Wherever it does, the page must be the one `URLSearchParams.get` gave:
 * the last value of each, decoded, as DRF's `QueryDict.get` reads a repeated parameter.
 */

/** The page as `paginate` cut it before, through `URL`'s `searchParams`. */
function throughUrl(rows: number[], href: string): unknown {
  const url = new URL(href);
  const size = pageSize(url.searchParams.getAll('limit').at(-1));
  const raw = url.searchParams.getAll('page').at(-1) ?? null;
  let page = 1;
  if (raw !== null && raw !== '') {
    const n = raw === 'last' ? Math.max(1, Math.ceil(rows.length / size)) : pythonInt(raw);
    if (n === null) return null;
    page = n;
  }
  const pages = Math.max(1, Math.ceil(rows.length / size));
  if (page < 1 || page > pages) return null;
  return { size, page, results: rows.slice((page - 1) * size, page * size) };
}

const piece = fc.constantFrom(
  'limit=', 'limit=3', 'limit=7', 'limit=0', 'limit=+5', 'limit=%35', 'l%69mit=4', 'limit', 'page=', 'page=2', 'page=3', 'page=last',
  'page=%32', 'pag%65=2', 'page=+2', 'page=%2B2', 'page=1_0', 'limit=1_2', 'page=x', 'status=approved', 'created_date__lte=2025-01-01T10%3A00%3A00Z', '&', '&&', '=', '+', '#', '%', 'ş',
);
const query = fc.array(piece, { maxLength: 8 }).map((p) => p.join('&'));
const rows = Array.from({ length: 23 }, (_, i) => i + 1);

describe('a list page read from the URL text', () => {
  it('is the page URLSearchParams gave, for generated queries', () => {
    fc.assert(
      fc.property(query, (q) => {
        const href = new URL(`http://127.0.0.1:3000/api/v1/cancellation_requests/?${q}`).href;
        const expected = throughUrl(rows, href);
        const page = paginate(rows, href, (r) => r);
        const viaUrl = paginate(rows, new URL(href), (r) => r);
        expect(viaUrl).toEqual(page);
        if (expected === null) expect(page).toBeNull();
        else expect(page?.results).toEqual((expected as { results: number[] }).results);
      }),
      { numRuns: 1500, seed: 26 },
    );
  });
});
