import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageLink } from '../src/http/page-url.ts';

/**
 * A list's `next`/`previous` link is built without `URL` for plain queries (issue 26). Wherever
 * that shortcut answers, it must be the very link `URL` builds (`searchParams.set` or, for page
 * 1, `delete`, then `toString()`): the bytes of every list page depend on it.
 */

/** The link as `pagination.ts` built it before, through `URL`. */
function throughUrl(href: string, page: number): string {
  const u = new URL(href);
  if (page === 1) u.searchParams.delete('page');
  else u.searchParams.set('page', String(page));
  return u.toString();
}

const piece = fc.constantFrom(
  'a', 'Z', '9', '-', '.', '_', '*', '+', '~', '!', "'", '(', ')', ' ', '%', '%2', '%3A', '%3a', '%20', '%41', '%2B', '%7E', '%C3%BC', '%C3', '%FF',
  'ü', 'ş', '=', '&', '&&', '#', '?', '/', ':', ',', 'page', 'page=', 'page=3', 'limit=10', '2025-01-01T10%3A00%3A00Z',
);
const query = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

describe('list page links', () => {
  it('are the links URL builds, wherever the shortcut answers', () => {
    let answered = 0;
    fc.assert(
      fc.property(query, fc.constantFrom('', '?'), fc.integer({ min: 1, max: 4 }), (q, mark, page) => {
        const href = new URL(`http://127.0.0.1:3000/api/v1/cancellation_requests/${mark}${q}`).href;
        const link = pageLink(href, page);
        if (link !== null) {
          answered += 1;
          expect(link).toBe(throughUrl(href, page));
        }
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(300);
  });

  it('answers the hot lists\' own queries, with page set, replaced and dropped', () => {
    const href = 'http://127.0.0.1:3000/api/v1/cancellation_requests/?status=waiting&page=2&cancellation_type=cancel&created_date__lte=2025-03-04T10%3A00%3A00.000000%2B03%3A00&limit=10&page=5';
    for (const page of [1, 2, 3]) expect(pageLink(href, page)).toBe(throughUrl(href, page));
    expect(pageLink('http://h/w/?limit=10', 2)).toBe('http://h/w/?limit=10&page=2');
    expect(pageLink('http://h/w/?page=2', 1)).toBe('http://h/w/');
  });
});
