import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageJsonBytes } from '../src/http/json-text.ts';
import type { Page } from '../src/http/pagination.ts';

/**
 * A page joined from kept JSON bytes is byte for byte `JSON.stringify` of the page (issue 26), and
 * pages are written into shared slabs: a page must keep its bytes while later pages are
 * written (the socket may still be sending it), whatever their sizes and links.
 */

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const row = fc.record({ id: fc.integer({ min: 1, max: 99_999 }), note: fc.string({ maxLength: 900, unit: fc.constantFrom('a', 'ş', 'é', '"', '\\', '€', '𝄞', ' ') }) });
const link = fc.option(fc.constantFrom('http://localhost:4010/api/v1/cancellation_requests/?status=approved&limit=10&page=2', 'http://localhost/api/?q=şeker&page=3', 'http://x/?a="b"'), { nil: null });
const page = fc.record({ count: fc.nat(), next: link, previous: link, results: fc.array(row, { maxLength: 14 }) });

describe('a page joined from JSON bytes', () => {
  it('is JSON.stringify of the page, and keeps its bytes while later pages are written', () => {
    fc.assert(
      fc.property(fc.array(page, { minLength: 1, maxLength: 40 }), (pages) => {
        const joined = pages.map((p) => pageJsonBytes({ ...p, results: p.results.map((r) => utf8.encode(JSON.stringify(r))) } as Page<Uint8Array>));
        pages.forEach((p, i) => expect(text(joined[i]!)).toBe(JSON.stringify(p)));
      }),
      { numRuns: 150, seed: 26 },
    );
  });

  it('answers an empty page and a page larger than a slab', () => {
    expect(text(pageJsonBytes({ count: 0, next: null, previous: null, results: [] }))).toBe('{"count":0,"next":null,"previous":null,"results":[]}');
    const big = Array.from({ length: 100 }, (_, i) => ({ id: i, note: 'ş'.repeat(500) }));
    const bytes = pageJsonBytes({ count: 100, next: null, previous: null, results: big.map((r) => utf8.encode(JSON.stringify(r))) });
    expect(text(bytes)).toBe(JSON.stringify({ count: 100, next: null, previous: null, results: big }));
  });
});
