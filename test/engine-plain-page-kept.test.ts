import { describe, expect, it } from 'vitest';
import { AUTH, type TestMock } from './support/test-mock.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { drfLink } from './support/drf-link.ts';

/**
 * A plain list URL is read once and its page's head kept for the count it was asked at (issue 26,
 * thirteenth session): the same URL asked again after creates and deletes — in the shared state
 * and in a session whose count differs — must answer the count, links, page and rows of its
 * moment, and a page that went out of range a 404 (and back).
 */
const WIDGETS = '/api/v1/widgets/';
const SESSION = { 'X-Mock-Session': 'plain-kept' };

const URLS: { query: string; ordering?: string; limit: number; page: number | 'last' }[] = [
  { query: 'page=2&limit=5', limit: 5, page: 2 },
  { query: 'limit=5&page=3&ordering=-pk', ordering: '-pk', limit: 5, page: 3 },
  { query: 'page=last&limit=5&ordering=name', ordering: 'name', limit: 5, page: 'last' },
  { query: 'ordering=priority,-name&limit=4&page=4', ordering: 'priority,-name', limit: 4, page: 4 },
  { query: 'limit=5&ordering=pk', ordering: 'pk', limit: 5, page: 1 },
];

/** Every widget's JSON in `ordering`, read through a filtered list (the general way, nothing kept). */
async function allIn(mock: TestMock, ordering: string | undefined, headers: Record<string, string>): Promise<string[]> {
  const res = await mock.request(`${WIDGETS}?limit=1000&status__in=draft,active,retired${ordering ? `&ordering=${ordering}` : ''}`, { headers: { ...AUTH, ...headers } });
  return ((await res.json()) as { results: unknown[] }).results.map((w) => JSON.stringify(w));
}

/** Each URL's answer is DRF's page of the rows as they are now (or its "Invalid page."). */
async function expectPages(mock: TestMock, step: string, headers: Record<string, string> = {}): Promise<void> {
  for (const { query, ordering, limit, page: asked } of URLS) {
    const res = await mock.request(`${WIDGETS}?${query}`, { headers: { ...AUTH, ...headers } });
    const body = await res.text();
    const all = await allIn(mock, ordering, headers);
    const pages = Math.max(1, Math.ceil(all.length / limit));
    const page = asked === 'last' ? pages : asked;
    if (page > pages) {
      expect({ step, query, status: res.status, body }).toEqual({ step, query, status: 404, body: '{"detail":"Invalid page.","code":"not_found"}' });
      continue;
    }
    const href = `http://localhost${WIDGETS}?${query}`;
    const next = page < pages ? JSON.stringify(drfLink(href, page + 1)) : 'null';
    const previous = page > 1 ? JSON.stringify(drfLink(href, page - 1)) : 'null';
    const results = all.slice((page - 1) * limit, page * limit).join(',');
    expect({ step, query, status: res.status, body }).toEqual({
      step,
      query,
      status: 200,
      body: `{"count":${all.length},"next":${next},"previous":${previous},"results":[${results}]}`,
    });
  }
}

async function pksOf(mock: TestMock, headers: Record<string, string> = {}): Promise<number[]> {
  const res = await mock.request(`${WIDGETS}?limit=1000&ordering=pk`, { headers: { ...AUTH, ...headers } });
  return ((await res.json()) as { results: { pk: number }[] }).results.map((w) => w.pk);
}

describe('engine plain pages asked again', () => {
  it('answer the count, links and rows of their moment as creates and deletes change the count', async () => {
    const mock = await widgetMock();
    const create = async (n: number, headers: Record<string, string> = {}) => {
      for (let i = 0; i < n; i += 1) expect((await send(mock, 'POST', WIDGETS, { ...VALID, name: `Çivi ${i % 4}`, priority: i % 3 }, headers)).status).toBe(201);
    };
    const remove = async (n: number, headers: Record<string, string> = {}) => {
      for (const pk of (await pksOf(mock, headers)).slice(0, n)) expect((await send(mock, 'DELETE', `${WIDGETS}${pk}/`, undefined, headers)).status).toBe(204);
    };
    await create(6);
    await expectPages(mock, 'first');
    await expectPages(mock, 'again, nothing changed');
    // A session's count differs from the shared state's, asked by the same URLs in turns.
    await create(3, SESSION);
    await expectPages(mock, 'session', SESSION);
    await expectPages(mock, 'shared after the session');
    await create(2);
    await expectPages(mock, 'two more');
    // Fewer rows: page 3 of five and page 4 of four go past the last page, `last` moves back.
    await remove((await pksOf(mock)).length - 9);
    await expectPages(mock, 'nine left');
    await remove(5);
    await expectPages(mock, 'four left');
    await remove(4);
    await expectPages(mock, 'none left');
    await create(17);
    await expectPages(mock, 'seventeen again');
    await expectPages(mock, 'session at the end', SESSION);
  });
});
