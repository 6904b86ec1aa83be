import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageLink } from '../src/http/page-url.ts';
import { drfLink } from './support/drf-link.ts';

/**
 * A list's `next`/`previous` link is DRF's (ADR 0020): `replace_query_param(url, 'page', n)`, or
 * `remove_query_param(url, 'page')` for page 1, which write the query again as
 * `urlencode(sorted(parse_qs(query, keep_blank_values=True).items()), doseq=True)`. The expected
 * links below were written by hand from those rules and checked against Python 3.11's
 * `urllib.parse` running DRF's two functions (rest_framework/utils/urls.py).
 */
const BASE = 'http://127.0.0.1:3000/api/v1/cancellation_requests/';

const CASES: [query: string, page: number, link: string, why: string][] = [
  ['?status=x&limit=5', 2, '?limit=5&page=2&status=x', 'names sorted, page in its sorted place'],
  ['?page=2&limit=5&status=x', 3, '?limit=5&page=3&status=x', 'page replaced in its sorted place'],
  ['?b=1&a=2&b=3', 2, '?a=2&b=1&b=3&page=2', 'a repeated name\'s values together, in their order'],
  ['?A=1&%41=2&B=3', 2, '?A=1&A=2&B=3&page=2', 'names grouped as decoded'],
  ['?q=a*b~c%7E%2A', 2, '?page=2&q=a%2Ab~c~%2A', '`*` escaped, `~` kept'],
  ['?q=a+b%20c%2Bd', 2, '?page=2&q=a+b+c%2Bd', 'a space written `+`, a plus `%2B`'],
  ['?%C3%BC=%c5%9f&z=1', 2, '?page=2&z=1&%C3%BC=%C5%9F', 'a non-ASCII name after ASCII, escapes upper-case'],
  ['?%F0%9F%98%80=2&%EE%80%80=1', 2, '?page=2&%EE%80%80=1&%F0%9F%98%80=2', 'U+E000 before U+1F600 (code points, not UTF-16 units)'],
  ['?a!b=2&a+b=1', 2, '?a+b=1&a%21b=2&page=2', 'sorted as decoded (a space before `!`), not as written'],
  ['?page=2&limit=5', 1, '?limit=5', 'page 1 drops page'],
  ['?page=2', 1, '', 'page 1 of a query of page alone has no query'],
  ['?page=2&x=1&page=3', 4, '?page=4&x=1', 'a repeated page written once'],
  ['?%70age=2&x=1', 3, '?page=3&x=1', 'page spelled with an escape is page'],
  ['?a=1&&b=2&', 2, '?a=1&b=2&page=2', 'empty pairs dropped'],
  ['?flag&a=1', 2, '?a=1&flag=&page=2', 'a bare name reads as an empty value'],
  ['?=x&a=1', 2, '?=x&a=1&page=2', 'an empty name is kept, first'],
  ['?q=%EF%BB%BF', 2, '?page=2&q=%EF%BB%BF', 'a byte-order mark is a character'],
  ['?q=%FF&r=%C3&s=%E2%82&t=%ED%A0%80', 2, '?page=2&q=%EF%BF%BD&r=%EF%BF%BD&s=%EF%BF%BD&t=%EF%BF%BD%EF%BF%BD%EF%BF%BD', 'bytes that are not UTF-8 read as U+FFFD'],
  ['?q=100%&r=%zz', 2, '?page=2&q=100%25&r=%25zz', 'a `%` that starts no escape is a percent sign'],
  ['?a=1;b=2', 2, '?a=1%3Bb%3D2&page=2', 'only `&` separates'],
  ['?d=2025-03-04T10%3a00%3A00%2B03%3A00', 2, '?d=2025-03-04T10%3A00%3A00%2B03%3A00&page=2', 'escapes written upper-case'],
  ['?o=priority,-name&limit=5', 2, '?limit=5&o=priority%2C-name&page=2', 'a comma escaped'],
  ['', 2, '?page=2', 'no query'],
  ['??a=1', 2, '?%3Fa=1&page=2', 'a `?` opening the query text is a character'],
];

const piece = fc.constantFrom(
  'a', 'Z', '9', '-', '.', '_', '*', '+', '~', '!', "'", '(', ')', ' ', '%', '%2', '%3A', '%3a', '%20', '%41', '%2B', '%7E', '%C3%BC', '%C3', '%FF',
  '%F0%9F%98%80', '%EE%80%80', '%EF%BB%BF', 'ü', 'ş', '=', '&', '&&', '?', '/', ':', ',', ';', 'page', 'page=', 'page=3', 'limit=10', '2025-01-01T10%3A00%3A00Z',
);
const query = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

describe('list page links', () => {
  it('are written as DRF writes them', () => {
    for (const [q, page, link, why] of CASES) expect({ why, link: pageLink(`${BASE}${q}`, page) }).toEqual({ why, link: `${BASE}${link}` });
  });

  it('equal the sorted, grouped, re-encoded query for any query', () => {
    fc.assert(
      fc.property(query, fc.integer({ min: 1, max: 4 }), (q, page) => {
        const href = new URL(`${BASE}?${q}`).href;
        expect(pageLink(href, page)).toBe(drfLink(href, page));
      }),
      { numRuns: 1000 },
    );
  });

  it('sort a query of many pairs as a few (the writer sorts over 16 pairs another way)', () => {
    const names = Array.from({ length: 20 }, (_, i) => String.fromCharCode(0x74 - i)); // t … a: a … p sort before `page`
    const q = `?${names.map((n, i) => `${n}=${i}`).join('&')}&%F0%9F%98%80=u&%EE%80%80=e&a=again`;
    const sorted = [...names].sort().map((n) => (n === 'a' ? 'a=19&a=again' : `${n}=${names.indexOf(n)}`));
    expect(pageLink(`${BASE}${q}`, 2)).toBe(`${BASE}?${sorted.slice(0, 16).join('&')}&page=2&${sorted.slice(16).join('&')}&%EE%80%80=e&%F0%9F%98%80=u`);
    const pair = fc.tuple(fc.constantFrom('a', 'b', 'z', 'ü', '%F0%9F%98%80', '%EE%80%80', 'page', 'A', '%41'), fc.constantFrom('1', '', '*', '%FF'));
    fc.assert(
      fc.property(fc.array(pair, { minLength: 17, maxLength: 40 }), fc.integer({ min: 1, max: 3 }), (pairs, page) => {
        const href = new URL(`${BASE}?${pairs.map(([n, v]) => `${n}=${v}`).join('&')}`).href;
        expect(pageLink(href, page)).toBe(drfLink(href, page));
      }),
      { numRuns: 300 },
    );
  });

  it('read many pairs without an `=` in linear time (a search per pair ran to the end: quadratic)', () => {
    // 300,000 bare names before one 30,000,000-character name: a search per pair reads ~9·10¹²
    // characters (minutes, past the test timeout); one kept search reads the text once.
    const tail = `${'x'.repeat(30_000_000)}=1`;
    const link = pageLink(`${BASE}?${'a&'.repeat(300_000)}${tail}`, 2);
    expect(link.length).toBe(BASE.length + 1 + 'a=&'.repeat(300_000).length + 'page=2&'.length + tail.length);
    expect(link.startsWith(`${BASE}?a=&a=&`) && link.includes('a=&page=2&xxx') && link.endsWith('x=1')).toBe(true);
  });

  it('keep the scheme, host and path as given and leave out a fragment', () => {
    expect(pageLink('http://[::1]:3000/api/v1/x/?b=1&a=2#frag', 2)).toBe('http://[::1]:3000/api/v1/x/?a=2&b=1&page=2');
    expect(pageLink('http://h/x/?page=3#frag', 1)).toBe('http://h/x/');
    expect(pageLink('http://h/x/#f?a=1', 2)).toBe('http://h/x/?page=2');
  });
});
