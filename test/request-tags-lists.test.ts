import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH, allRows, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * `filter_tags` and `exclude_tags` (issue 6): the requests that carry, or lack, a key, in a GET
 * form (`?key=`) and a POST form (`{"key"}`), paginated and combined with every list filter.
 * Expectations are computed from the plain list and the tags read through the API, never
 * through the code under test.
 */

const BASE = '/api/v1/cancellation_requests/';
let mock: TestMock;
/** Plain rows, newest first. */
let rows: any[];
/** Detailed rows, newest first (for values that live on the order). */
let detailed: any[];

beforeAll(async () => {
  mock = await createTestMock({ size: 100 });
  rows = await allRows(mock, BASE);
  detailed = await allRows(mock, `${BASE}detailed/`);
});

const enc = encodeURIComponent;
const idsOf = (page: any): number[] => page.results.map((r: any) => r.id);
/** Every row of a tag list, GET form. */
async function getList(
  path: 'filter_tags' | 'exclude_tags',
  key: string,
  query = '',
): Promise<number[]> {
  return idsOf(
    await mock.getJson(`${BASE}${path}/?limit=1000&key=${enc(key)}${query ? `&${query}` : ''}`),
  );
}
/** Every row of a tag list, POST form. */
async function postList(
  path: 'filter_tags' | 'exclude_tags',
  key: string,
  query = '',
): Promise<number[]> {
  const res = await mock.postJson(`${BASE}${path}/?limit=1000${query ? `&${query}` : ''}`, { key });
  const body = await json(res);
  expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(200);
  return idsOf(body);
}
async function tag(ids: number[], key: string): Promise<void> {
  expect((await mock.postJson(`${BASE}bulk_add_tags/`, { ids, keys: [key] })).status).toBe(204);
}

describe('routing of the tag lists', () => {
  it('Hono runs the first matching route across sub-apps, so the literal paths must be mounted first', async () => {
    const byId = new Hono().get('/r/:id/', (c) => c.text(`retrieve ${c.req.param('id')}`));
    const literal = new Hono().get('/r/filter_tags/', (c) => c.text('filter'));
    const right = new Hono().route('/', literal).route('/', byId);
    const wrong = new Hono().route('/', byId).route('/', literal);
    expect(await (await right.request('/r/filter_tags/')).text()).toBe('filter');
    expect(await (await wrong.request('/r/filter_tags/')).text()).toBe('retrieve filter_tags');
  });

  it('answers GET filter_tags/ and exclude_tags/ as lists, not as the retrieve of an id', async () => {
    for (const path of ['filter_tags', 'exclude_tags']) {
      const res = await mock.request(`${BASE}${path}/`, { headers: AUTH });
      expect(res.status, path).toBe(400);
      expect(await json(res)).toEqual({ key: ['This field is required.'] });
      expect((await mock.getJson(`${BASE}${path}/?key=vip`)).count).toBeTypeOf('number');
    }
  });
});

describe('filter_tags and exclude_tags', () => {
  it('find a tag added to one request in filter_tags and not in exclude_tags, in both forms', async () => {
    const id = rows[rows.length - 1].id;
    const key = 'one-request-only';
    expect(await getList('filter_tags', key)).toEqual([]);
    expect(await getList('exclude_tags', key)).toContain(id);
    expect((await mock.postJson(`${BASE}${id}/add_tag/`, { key })).status).toBe(204);
    expect(await getList('filter_tags', key)).toEqual([id]);
    expect(await postList('filter_tags', key)).toEqual([id]);
    const excluded = await getList('exclude_tags', key);
    expect(excluded).not.toContain(id);
    expect(excluded).toEqual(rows.map((r) => r.id).filter((i) => i !== id));
    expect(await postList('exclude_tags', key)).toEqual(excluded);
    expect((await mock.postJson(`${BASE}${id}/remove_tag/`, { key })).status).toBe(204);
    expect(await getList('filter_tags', key)).toEqual([]);
    expect(await postList('exclude_tags', key)).toContain(id);
  });

  it('split the list in two for a seeded tag, newest first, the key trimmed like a write', async () => {
    const key = 'vip';
    const carrying = new Map<number, boolean>();
    for (const r of rows)
      carrying.set(r.id, ((await mock.getJson(`${BASE}${r.id}/tags/`)) as string[]).includes(key));
    const expectedIn = rows.map((r) => r.id).filter((id) => carrying.get(id));
    const expectedOut = rows.map((r) => r.id).filter((id) => !carrying.get(id));
    expect(expectedIn.length).toBeGreaterThan(0);
    expect(expectedOut.length).toBeGreaterThan(0);
    expect(await getList('filter_tags', key)).toEqual(expectedIn);
    expect(await getList('exclude_tags', key)).toEqual(expectedOut);
    expect(await getList('filter_tags', `  ${key}\t`)).toEqual(expectedIn);
    expect(await postList('exclude_tags', ` ${key} `)).toEqual(expectedOut);
  });

  it('page like every list: limit, next keeping key and filters, Invalid page', async () => {
    const first = await mock.getJson(`${BASE}exclude_tags/?key=vip&limit=3&status=rejected`);
    expect(first.results).toHaveLength(3);
    const next = new URL(first.next);
    expect(next.searchParams.get('key')).toBe('vip');
    expect(next.searchParams.get('status')).toBe('rejected');
    const second = await mock.getJson(`${next.pathname}${next.search}`);
    const all = await getList('exclude_tags', 'vip', 'status=rejected');
    expect([...idsOf(first), ...idsOf(second)]).toEqual(all.slice(0, 6));
    const posted = await mock.postJson(`${BASE}filter_tags/?limit=2&page=2`, { key: 'vip' });
    expect(idsOf(await json(posted))).toEqual((await getList('filter_tags', 'vip')).slice(2, 4));
    const past = await mock.request(`${BASE}filter_tags/?key=vip&page=999`, { headers: AUTH });
    expect(past.status).toBe(404);
    expect(await json(past)).toEqual({ detail: 'Invalid page.', code: 'not_found' });
  });

  it('answer 400 naming key when it is missing, blank, too long or not a string', async () => {
    const cases: Array<[string, unknown, unknown]> = [
      ['', {}, { key: ['This field is required.'] }],
      ['key=', { key: '' }, { key: ['This field may not be blank.'] }],
      ['key=%20%20', { key: '  ' }, { key: ['This field may not be blank.'] }],
      [
        `key=${'k'.repeat(65)}`,
        { key: 'k'.repeat(65) },
        { key: ['Ensure this field has no more than 64 characters.'] },
      ],
    ];
    for (const [query, body, answer] of cases) {
      for (const path of ['filter_tags', 'exclude_tags']) {
        const got = await mock.request(`${BASE}${path}/?${query}`, { headers: AUTH });
        expect(got.status, `GET ${path}?${query}`).toBe(400);
        expect(await json(got)).toEqual(answer);
        const posted = await mock.postJson(`${BASE}${path}/`, body);
        expect(posted.status, `POST ${path} ${JSON.stringify(body)}`).toBe(400);
        expect(await json(posted)).toEqual(answer);
      }
    }
    const number = await mock.postJson(`${BASE}filter_tags/`, { key: 5 });
    expect(await json(number)).toEqual({ key: ['Not a valid string.'] });
    const empty = await mock.request(`${BASE}filter_tags/`, { method: 'POST', headers: AUTH });
    expect(empty.status).toBe(400);
    expect(await json(empty)).toEqual({ key: ['This field is required.'] });
    const list = await mock.postJson(`${BASE}exclude_tags/`, ['vip']);
    expect(await json(list)).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    const text = await mock.request(`${BASE}exclude_tags/`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'text/plain' },
      body: 'vip',
    });
    expect(text.status).toBe(415);
  });

  it('answer a malformed list filter as the list does, and do not name key as ignored', async () => {
    const bad = await mock.request(`${BASE}filter_tags/?key=vip&pk=abc`, { headers: AUTH });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ pk: ['Enter a whole number.'] });
    const badPost = await mock.postJson(`${BASE}exclude_tags/?created_date__gte=nope`, {
      key: 'vip',
    });
    expect(await json(badPost)).toEqual({ created_date__gte: ['Enter a valid date/time.'] });
    const ok = await mock.request(`${BASE}filter_tags/?key=vip&colour=red`, { headers: AUTH });
    expect(ok.headers.get('X-Mock-Ignored-Params')).toBe('colour');
  });
});

/** A list filter, a value for it from the data, and which plain rows it keeps (written independently). */
interface Combo {
  query: (key: string) => string;
  keeps: (r: any) => boolean;
  label: string;
}

describe('the tag lists combined with list filters', () => {
  const KEY = 'combo-half';
  let tagged: Set<number>;
  const byId = (id: number) => detailed.find((d) => d.id === id)!;
  const midId = () =>
    [...rows.map((r) => r.id)].sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
  const midDay = () =>
    rows.map((r) => r.created_date.slice(0, 10)).sort()[Math.floor(rows.length / 2)]!;
  const someStatus = () => rows[0].status as string;
  const someOrder = () => byId(rows[0].id).order_item.order.number as string;
  const combos: Combo[] = [
    {
      label: 'status',
      query: () => `status=${someStatus()}`,
      keeps: (r) => r.status === someStatus(),
    },
    {
      label: 'cancellation_type',
      query: () => 'cancellation_type=refund',
      keeps: (r) => r.cancellation_type === 'refund',
    },
    { label: 'pk__gt', query: () => `pk__gt=${midId()}`, keeps: (r) => r.id > midId() },
    {
      label: 'created_date__date__lte',
      query: () => `created_date__date__lte=${midDay()}`,
      keeps: (r) => r.created_date.slice(0, 10) <= midDay(),
    },
    {
      label: 'order_number (case-insensitive) with status',
      query: () =>
        `order_number=${enc(someOrder().toLowerCase())}&cancellation_type=${rows[0].cancellation_type}`,
      keeps: (r) =>
        byId(r.id).order_item.order.number === someOrder() &&
        r.cancellation_type === rows[0].cancellation_type,
    },
  ];

  beforeAll(async () => {
    // Every other request, newest first, carries KEY: each filter then keeps and drops rows on both sides.
    const chosen = rows.filter((_, i) => i % 2 === 0).map((r) => r.id);
    await tag(chosen, KEY);
    tagged = new Set(chosen);
  });

  it.each(combos)(
    'filter_tags and exclude_tags with $label keep the matching rows on their side only',
    async (combo) => {
      const want = (side: boolean) =>
        rows.filter((r) => tagged.has(r.id) === side && combo.keeps(r)).map((r) => r.id);
      const inRows = want(true);
      const outRows = want(false);
      expect(inRows.length + outRows.length, 'the filter keeps a row').toBeGreaterThan(0);
      expect(
        rows.some((r) => tagged.has(r.id) && !combo.keeps(r)),
        'the filter drops a tagged row',
      ).toBe(true);
      expect(await getList('filter_tags', KEY, combo.query(KEY))).toEqual(inRows);
      expect(await getList('exclude_tags', KEY, combo.query(KEY))).toEqual(outRows);
      expect(await postList('filter_tags', KEY, combo.query(KEY))).toEqual(inRows);
      expect(await postList('exclude_tags', KEY, combo.query(KEY))).toEqual(outRows);
    },
  );

  it('keep a row on each side for the broad filters (a row kept and a row dropped)', async () => {
    const refund = await getList('filter_tags', KEY, 'cancellation_type=refund');
    expect(refund.length).toBeGreaterThan(0);
    expect(refund.length).toBeLessThan(tagged.size);
  });
});
