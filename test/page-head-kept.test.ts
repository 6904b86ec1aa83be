import { describe, expect, it } from 'vitest';
import { createBody, createRequestVia, itemSupply, REQUESTS } from './support/request-helpers.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/**
 * A page's head (`{"count", "next", "previous"`) is kept per URL for the count it was last asked
 * at (pagination.ts `pageHead`, sixteenth session). A client must see each page's count and links
 * as they are now: after a write changes the count, on both sides of a session that counts
 * otherwise, and an "Invalid page." once the rows it asked for are gone.
 */
describe('list pages asked again', () => {
  it('show the count and links of now after a create, and a page past the end turns valid', async () => {
    const mock = await createTestMock();
    const url = (page: number) => `${REQUESTS}?status=waiting&limit=2&page=${page}`;
    const first = await mock.getJson(url(1));
    const n = first.count as number;
    const pages = Math.ceil(n / 2);
    expect(first.previous).toBeNull();
    // The page after the last: invalid now, and asked again (it turns valid after the creates).
    expect((await mock.getJson(url(pages + 1), 404)).detail).toBe('Invalid page.');
    expect((await mock.getJson(url(pages + 1), 404)).detail).toBe('Invalid page.');
    const lastBefore = await mock.getJson(url(pages));
    expect(lastBefore.next).toBeNull();
    // Two creates: the count grows by two, the last page gets a next page.
    const next = itemSupply(mock.store);
    for (let i = 0; i < 2; i += 1) await createRequestVia(mock, createBody(mock.store, next()));
    const again = await mock.getJson(url(1));
    expect(again.count).toBe(n + 2);
    expect(again.results.map((r: { id: number }) => r.id)).not.toEqual(first.results.map((r: { id: number }) => r.id));
    const lastAfter = await mock.getJson(url(pages));
    expect(lastAfter.count).toBe(n + 2);
    expect(lastAfter.next).toContain(`page=${pages + 1}`);
    const beyond = await mock.getJson(url(pages + 1));
    expect(beyond.count).toBe(n + 2);
    expect(beyond.next).toBeNull();
    expect(beyond.previous).toContain(`page=${pages}`);
    expect(beyond.results.length).toBeGreaterThan(0);
  });

  it('give a session and the shared state each their own count for the same URL, in turns', async () => {
    const mock = await createTestMock();
    const url = `${REQUESTS}?status=waiting&limit=1`;
    const session = { ...AUTH, 'X-Mock-Session': 'page-heads' };
    const seeded = await mock.getJson(url);
    const next = itemSupply(mock.store);
    await createRequestVia(mock, createBody(mock.store, next()));
    for (let turn = 0; turn < 3; turn += 1) {
      expect((await mock.getJson(url)).count).toBe(seeded.count + 1);
      const inSession = await json(await mock.request(url, { headers: session }));
      expect(inSession.count).toBe(seeded.count);
      expect(inSession.results).toEqual(seeded.results);
    }
  });

  it('answer "Invalid page." once the rows a page held are gone', async () => {
    const mock = await createTestMock();
    const all = await mock.getJson(`${REQUESTS}?status=waiting&limit=1`);
    // With one a page, the last page exists; rejected away, it does not.
    const lastUrl = `${REQUESTS}?status=waiting&limit=1&page=${all.count}`;
    const last = await mock.getJson(lastUrl);
    expect(last.results).toHaveLength(1);
    const id = all.results[0].id as number;
    const rejected = await mock.request(`${REQUESTS}${id}/reject/`, { method: 'POST', headers: AUTH });
    expect(rejected.status).toBe(200);
    expect((await mock.getJson(lastUrl, 404)).detail).toBe('Invalid page.');
  });
});

describe('a page joined after a kept head', () => {
  it('is byte for byte the page paginate and pageJsonBytes write, for every count and page spelling, asked in any order', async () => {
    const { paginate } = await import('../src/http/pagination.ts');
    const { pageBytes, pageJsonBytes } = await import('../src/http/json-text.ts');
    const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`{"id":${i + 1},"é":"${'x'.repeat(i % 3)}"}`));
    const urls: string[] = [];
    for (const limit of ['', 'limit=3&', 'limit=1&', 'limit=abc&', 'limit=0&', 'limit=2000&', 'limit=2&limit=4&']) {
      for (const page of ['', 'page=1', 'page=2', 'page=last', 'page=', 'page=0', 'page=9', 'page=2&page=3', 'page=%32']) {
        urls.push(`http://localhost/api/v1/cancellation_requests/?status=waiting&${limit}${page}`);
        urls.push(`http://localhost/api/v1/cancellation_requests/?${limit}${page}#frag`);
      }
    }
    const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));
    // Counts rise and fall for the same URLs, as writes move them.
    for (const n of [0, 1, 5, 11, 3, 12, 0, 30, 7]) {
      const rows = rowsOf(n);
      for (const url of urls) {
        const page = paginate(rows, url, (r) => r);
        const want = page === null ? null : text(pageJsonBytes(page));
        expect(text(pageBytes(rows, url, (r) => r)), `${n} rows, ${url}`).toBe(want);
      }
    }
  });
});
