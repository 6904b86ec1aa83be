import { beforeAll, describe, expect, it } from 'vitest';
import { PLANS, REQUESTS } from './support/request-helpers.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * What a list URL says of its pages (`limit`, `page`, the parts of its links) is read once a URL
 * text and kept (issue 26, thirteenth session). The links must still be each request's own: its
 * host, path, page and fragment-free query, whichever URL came before it.
 */
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 60 });
});

interface Page { count: number; next: string | null; previous: string | null; results: unknown[] }

async function page(url: string): Promise<Page> {
  const res = await mock.request(url, { headers: AUTH });
  expect(res.status, url).toBe(200);
  return json(res);
}

describe('a list URL read once', () => {
  it('links each request to its own host, path and page', async () => {
    const q = 'limit=2&page=2';
    for (let round = 0; round < 2; round += 1) {
      for (const host of ['http://localhost', 'http://127.0.0.1:4010']) {
        for (const path of [PLANS, REQUESTS]) {
          const p2 = await page(`${host}${path}?${q}`);
          expect(p2.next).toBe(`${host}${path}?limit=2&page=3`);
          expect(p2.previous).toBe(`${host}${path}?limit=2`);
          const p3 = await page(`${host}${path}?limit=2&page=3`);
          expect(p3.next).toBe(`${host}${path}?limit=2&page=4`);
          expect(p3.previous).toBe(`${host}${path}?limit=2&page=2`);
          expect(p3.results).not.toEqual(p2.results);
        }
      }
    }
  });

  it('reads limit and page anew for each URL text, past any number of URLs', async () => {
    const all = (await page(`${REQUESTS}?limit=1000`)).count;
    expect(all).toBeGreaterThan(12);
    // More distinct URLs than are kept, then the first ones again.
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < 1100; i += 41) {
        const limit = 1 + (i % 7);
        const p = await page(`${REQUESTS}?limit=${limit}&pk__gte=${i % 5}`);
        expect(p.results.length).toBe(Math.min(limit, p.count));
        expect(p.next).toBe(p.count > limit ? `http://localhost${REQUESTS}?limit=${limit}&page=2&pk__gte=${i % 5}` : null);
      }
      for (let i = 0; i < 1100; i += 1) await page(`${REQUESTS}?limit=3&x=${i}`);
    }
  });
});
