import { describe, expect, it } from 'vitest';
import { AUTH, type TestMock } from './support/test-mock.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { drfLink } from './support/drf-link.ts';

/**
 * A plain page (`page`, `limit`, `ordering` alone) is written from one reading of its query
 * (issue 26): wherever `page` stands, however it is written, with or without it, its links and
 * rows must be what the general list gives — DRF's links (`drfLink`: the pairs sorted by name,
 * `page` set or dropped for page 1, `,` written `%2C`, `*` `%2A`), rows in the general list's order.
 */
const WIDGETS = '/api/v1/widgets/';


/** Every widget's JSON in `ordering`, read through a filtered list (the general way). */
async function allIn(mock: TestMock, ordering: string | undefined): Promise<string[]> {
  const res = await mock.request(`${WIDGETS}?limit=1000&status__in=draft,active,retired${ordering ? `&ordering=${ordering}` : ''}`, { headers: AUTH });
  return ((await res.json()) as { results: unknown[] }).results.map((w) => JSON.stringify(w));
}

const CASES: { query: string; ordering?: string; limit: number; page: number | 'last' | 'invalid' }[] = [
  { query: '', limit: 10, page: 1 },
  { query: 'page=2&limit=5', limit: 5, page: 2 },
  { query: 'limit=5&ordering=priority,-name', ordering: 'priority,-name', limit: 5, page: 1 },
  { query: 'ordering=-priority&page=&limit=5', ordering: '-priority', limit: 5, page: 1 },
  { query: 'page=last&limit=5&ordering=name', ordering: 'name', limit: 5, page: 'last' },
  { query: 'ordering=priority,-name&page=2&limit=4', ordering: 'priority,-name', limit: 4, page: 2 },
  { query: 'limit=4&ordering=-pk&page=3', ordering: '-pk', limit: 4, page: 3 },
  { query: 'limit=0&page=2', limit: 10, page: 2 },
  { query: 'page=1_0&limit=1&ordering=pk', ordering: 'pk', limit: 1, page: 10 },
  { query: 'limit=5&page=2&ordering=nope', ordering: 'nope', limit: 5, page: 2 },
  // Spellings the one-scan reader hands to the general list: their links are the URL-built ones.
  { query: 'page=2&limit=5&', limit: 5, page: 2 },
  { query: 'page=2&&limit=5', limit: 5, page: 2 },
  { query: 'limit=5&page=2&ordering', limit: 5, page: 2 },
  { query: 'page=0&limit=5', limit: 5, page: 'invalid' },
  { query: 'page=abc&limit=5', limit: 5, page: 'invalid' },
  { query: 'page=99&limit=5&ordering=name', ordering: 'name', limit: 5, page: 'invalid' },
];

describe('engine plain pages', () => {
  it('answer the general list\'s links and rows, wherever and however page is written', async () => {
    const mock = await widgetMock();
    for (let i = 0; i < 14; i += 1) expect((await send(mock, 'POST', WIDGETS, { ...VALID, name: `Çivi ${i % 5}`, priority: i % 3 })).status).toBe(201);
    for (const { query, ordering, limit, page: asked } of CASES) {
      const res = await mock.request(`${WIDGETS}${query === '' ? '' : `?${query}`}`, { headers: AUTH });
      const body = await res.text();
      if (asked === 'invalid') {
        expect({ query, status: res.status, body }).toEqual({ query, status: 404, body: '{"detail":"Invalid page.","code":"not_found"}' });
        continue;
      }
      const all = await allIn(mock, ordering);
      const pages = Math.ceil(all.length / limit);
      const page = asked === 'last' ? pages : asked;
      const href = `http://localhost${WIDGETS}${query === '' ? '' : `?${query}`}`;
      const next = page < pages ? JSON.stringify(drfLink(href, page + 1)) : 'null';
      const previous = page > 1 ? JSON.stringify(drfLink(href, page - 1)) : 'null';
      const results = all.slice((page - 1) * limit, page * limit).join(',');
      expect({ query, status: res.status, body }).toEqual({ query, status: 200, body: `{"count":${all.length},"next":${next},"previous":${previous},"results":[${results}]}` });
    }
  });

  it('link with the pairs sorted by name, as DRF writes them, the general list\'s links alike', async () => {
    const mock = await widgetMock();
    for (let i = 0; i < 14; i += 1) expect((await send(mock, 'POST', WIDGETS, { ...VALID, name: `Çivi ${i % 5}`, priority: i % 3 })).status).toBe(201);
    const links = async (query: string) => {
      const body = (await (await mock.request(`${WIDGETS}?${query}`, { headers: AUTH })).json()) as { next: string; previous: string };
      return [body.next, body.previous];
    };
    const at = `http://localhost${WIDGETS}`;
    // Plain queries (one reading of the query) and, with a filter, the general list.
    expect(await links('page=2&ordering=-priority&limit=4')).toEqual([`${at}?limit=4&ordering=-priority&page=3`, `${at}?limit=4&ordering=-priority`]);
    expect(await links('ordering=priority,-name&page=3&limit=4')).toEqual([`${at}?limit=4&ordering=priority%2C-name&page=4`, `${at}?limit=4&ordering=priority%2C-name&page=2`]);
    expect(await links('status__in=draft,active,retired&page=2&limit=4')).toEqual([
      `${at}?limit=4&page=3&status__in=draft%2Cactive%2Cretired`,
      `${at}?limit=4&status__in=draft%2Cactive%2Cretired`,
    ]);
  });
});
