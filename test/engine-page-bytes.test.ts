import { describe, expect, it } from 'vitest';
import { AUTH, type TestMock } from './support/test-mock.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { drfLink } from './support/drf-link.ts';

/**
 * The engine's retrieve and plain pages (`page`, `limit`, `ordering` alone) answer kept bytes, read
 * the query without the filter parse and page the kept sorted rows (issue 26). Whatever they
 * keep, the bytes must be what DRF's definition gives: each widget as its last write answered
 * it, and a page `JSON.stringify({count, next, previous, results})` of the widgets sorted afresh
 * here, with DRF's links (`drfLink`: the query sorted by name) — in the shared state and in a session, after updates
 * that move rows, creates and deletes.
 */
const WIDGETS = '/api/v1/widgets/';
const ORDERINGS = [undefined, '-pk', 'priority', '-name', 'created_date', '-modified_date', 'priority,-name'];

type Widget = Record<string, string | number | boolean | null>;

/** What the mock must hold: each live widget's text, as its create or last update answered it. */
type Truth = Map<number, string>;

const text = async (mock: TestMock, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> => {
  const res = await mock.request(path, { headers: { ...AUTH, ...headers } });
  return { status: res.status, body: await res.text() };
};

/** `orderRows`' order, written again: newest first (pk descending), then a stable sort by the fields. */
function sorted(truth: Truth, ordering: string | undefined): string[] {
  const rows = [...truth.values()].map((t) => ({ t, w: JSON.parse(t) as Widget })).sort((a, b) => (b.w.pk as number) - (a.w.pk as number));
  for (const key of (ordering ?? '').split(',').filter(Boolean).reverse()) {
    const field = key.replace(/^-/, '');
    const sign = key.startsWith('-') ? -1 : 1;
    rows.sort((a, b) => (a.w[field] === b.w[field] ? 0 : (a.w[field]! < b.w[field]! ? -1 : 1) * sign));
  }
  return rows.map((r) => r.t);
}


async function expectPages(mock: TestMock, truth: Truth, headers: Record<string, string> = {}): Promise<void> {
  for (const ordering of ORDERINGS) {
    const all = sorted(truth, ordering);
    // Every ordering at the bench's limit; a limit that splits ties across pages in two of them.
    for (const limit of ordering === '-name' || ordering === 'priority' ? [10, 4] : [10]) {
      const pages = Math.max(1, Math.ceil(all.length / limit));
      for (let page = 1; page <= pages; page += 1) {
        const href = `http://localhost${WIDGETS}?limit=${limit}&page=${page}${ordering ? `&ordering=${ordering}` : ''}`;
        const got = await text(mock, href.slice('http://localhost'.length), headers);
        const next = page < pages ? JSON.stringify(drfLink(href, page + 1)) : 'null';
        const previous = page > 1 ? JSON.stringify(drfLink(href, page - 1)) : 'null';
        const results = all.slice((page - 1) * limit, page * limit).join(',');
        expect({ href, ...got }).toEqual({ href, status: 200, body: `{"count":${all.length},"next":${next},"previous":${previous},"results":[${results}]}` });
      }
      const beyond = await text(mock, `${WIDGETS}?limit=${limit}&page=${pages + 1}${ordering ? `&ordering=${ordering}` : ''}`, headers);
      expect(beyond).toEqual({ status: 404, body: '{"detail":"Invalid page.","code":"not_found"}' });
    }
  }
  for (const [pk, body] of truth) expect(await text(mock, `${WIDGETS}${pk}/`, headers)).toEqual({ status: 200, body });
}

/**
 * Queries the plain reading must leave to the general one, answered as the definition reads them:
 * `limit`, `page` and `ordering` from their last value (DRF's `QueryDict.get`),
 * escapes decoded, an unknown parameter ignored and named.
 */
async function expectOddQueries(mock: TestMock, truth: Truth): Promise<void> {
  const cases = [
    { query: 'limit=4&page=2&limit=10&ordering=-name', limit: 10, page: 2, ordering: '-name', ignored: null },
    { query: 'ordering=priority&ordering=-pk&limit=5&page=2', limit: 5, page: 2, ordering: '-pk', ignored: null },
    { query: 'page=2&limit=5&ordering=%2Dname', limit: 5, page: 2, ordering: '-name', ignored: null },
    { query: 'limit=5&page=2&ordering=-name&colour=red', limit: 5, page: 2, ordering: '-name', ignored: 'colour' },
  ];
  for (const { query, limit, page, ordering, ignored } of cases) {
    const all = sorted(truth, ordering);
    const href = `http://localhost${WIDGETS}?${query}`;
    const res = await mock.request(`${WIDGETS}?${query}`, { headers: AUTH });
    const pages = Math.ceil(all.length / limit);
    const next = page < pages ? JSON.stringify(drfLink(href, page + 1)) : 'null';
    const results = all.slice((page - 1) * limit, page * limit).join(',');
    expect({ query, status: res.status, ignored: res.headers.get('X-Mock-Ignored-Params'), body: await res.text() }).toEqual({
      query, status: 200, ignored, body: `{"count":${all.length},"next":${next},"previous":${JSON.stringify(drfLink(href, page - 1))},"results":[${results}]}`,
    });
  }
}

/** A write's answer, which must show what was written (not a row kept from before) as `JSON.stringify` writes it. */
async function written(res: Response, status: number, values: Record<string, unknown>): Promise<string> {
  const body = await res.text();
  expect(res.status).toBe(status);
  expect(JSON.parse(body)).toMatchObject(values);
  expect(body).toBe(JSON.stringify(JSON.parse(body)));
  return body;
}

/** Writes that move widgets in every ordering, each answer kept as the truth. */
async function writeSome(mock: TestMock, truth: Truth, round: number, headers: Record<string, string> = {}): Promise<void> {
  const pks = [...truth.keys()].sort((a, b) => a - b);
  for (const [i, pk] of pks.filter((_, i) => i % 5 === round % 5).entries()) {
    const change = { name: `${String.fromCharCode(65 + ((i * 7 + round) % 26))} yeni ad ${round}`, priority: (i + round) % 11, note: `n${round}` };
    truth.set(pk, await written(await send(mock, 'PATCH', `${WIDGETS}${pk}/`, change, headers), 200, change));
  }
  // An update that moves nothing (the note is in no ordering): the row is still the new one.
  const still = { note: `still ${round}` };
  truth.set(pks[0]!, await written(await send(mock, 'PATCH', `${WIDGETS}${pks[0]}/`, still, headers), 200, still));
  for (let i = 0; i < 3; i += 1) {
    const made = { ...VALID, name: `Yeni ${round}-${i}`, priority: (round + i) % 11 };
    const body = await written(await send(mock, 'POST', WIDGETS, made, headers), 201, made);
    truth.set(JSON.parse(body).pk, body);
  }
  const gone = pks[(round * 3 + 1) % pks.length]!;
  expect((await mock.request(`${WIDGETS}${gone}/`, { method: 'DELETE', headers: { ...AUTH, ...headers } })).status).toBe(204);
  truth.delete(gone);
}

/**
 * Every widget's text, read through a filtered list (the general way, not the plain page), after
 * creating enough for a few pages, with names and priorities that tie.
 */
async function truthOf(mock: TestMock, headers: Record<string, string> = {}): Promise<Truth> {
  for (let i = 0; i < 16; i += 1) {
    const res = await send(mock, 'POST', WIDGETS, { ...VALID, name: `Çivi ${i % 6}`, priority: i % 4 }, headers);
    expect(res.status).toBe(201);
  }
  const res = await mock.request(`${WIDGETS}?limit=1000&status__in=draft,active,retired`, { headers: { ...AUTH, ...headers } });
  const page = (await res.json()) as { results: Widget[] };
  return new Map(page.results.map((w) => [w.pk as number, JSON.stringify(w)]));
}

describe('engine retrieve and plain pages', () => {
  it('answer the bytes DRF would, in every ordering, through updates, creates and deletes', async () => {
    const mock = await widgetMock();
    const truth = await truthOf(mock);
    expect(truth.size).toBeGreaterThan(10);
    await expectPages(mock, truth);
    await writeSome(mock, truth, 0);
    await expectPages(mock, truth);
    await expectOddQueries(mock, truth);
  });

  it('answer a session its own rows (sorted without the shared state\'s kept order), and the shared state its own', async () => {
    const mock = await widgetMock();
    const session = { 'X-Mock-Session': 'page-bytes' };
    const shared = await truthOf(mock);
    const mine = await truthOf(mock, session);
    await writeSome(mock, mine, 1, session);
    await expectPages(mock, mine, session);
    await expectPages(mock, shared);
  });
});
