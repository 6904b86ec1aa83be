import { beforeEach, describe, expect, it } from 'vitest';
import { REQUESTS, createBody, createRequestVia, itemSupply, patchStatus } from './support/request-helpers.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * The hot request list of issue 26 (`status` + `cancellation_type` + `created_date__lte`, a small
 * page): its count, links and rows must be those of the store as it is after each write — a PATCH
 * that moves nothing filed, a status move, a rejection, a create — read in the same spellings a
 * client sends, with the links keeping every filter.
 */
let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock({ size: 60 });
});

interface Page { count: number; next: string | null; previous: string | null; results: { id: number; status: string; cancellation_type: string; created_date: string }[] }

const FAR = '2999-01-01T00:00:00.000000Z';
const query = (status: string, type: string, lte: string, extra = '') =>
  `status=${status}&cancellation_type=${type}&created_date__lte=${encodeURIComponent(lte)}&limit=2${extra}`;

async function list(q: string): Promise<Page> {
  const res = await mock.request(`${REQUESTS}?${q}`, { headers: AUTH });
  expect(res.status, q).toBe(200);
  return json(res);
}

/** What the list must answer, from the store itself. */
function expected(status: string, type: string, lte: string): number[] {
  return [...mock.store.requests.values()]
    .filter((r) => r.status === status && r.cancellation_type === type && r.created_date <= lte)
    .map((r) => r.id)
    .sort((a, b) => b - a);
}

async function expectTrue(status: string, type: string, lte: string): Promise<void> {
  const want = expected(status, type, lte);
  const page = await list(query(status, type, lte));
  expect(page.count).toBe(want.length);
  expect(page.results.map((r) => r.id)).toEqual(want.slice(0, 2));
  // Every page, through the links as answered: each keeps the filters, and together they are the list.
  const seen: number[] = [];
  let at: Page | null = page;
  while (at) {
    seen.push(...at.results.map((r) => r.id));
    if (at.next === null) break;
    const next = new URL(at.next);
    expect(next.searchParams.get('status')).toBe(status);
    expect(next.searchParams.get('cancellation_type')).toBe(type);
    expect(next.searchParams.get('created_date__lte')).toBe(lte);
    at = await list(next.search.slice(1));
  }
  expect(seen).toEqual(want);
}

/** The type most waiting requests have (the seed decides which). */
const busiest = (): string => {
  const n = (t: string) => expected('waiting', t, FAR).length;
  return n('cancel') >= n('refund') ? 'cancel' : 'refund';
};

describe('the hot request list, spelled', () => {
  it('answers the same for the query in another order and spelling, links in DRF\'s spelling and order', async () => {
    const type = busiest();
    const want = expected('waiting', type, FAR);
    expect(want.length).toBeGreaterThan(2);
    const plain = await list(query('waiting', type, FAR));
    const reordered = await list(`limit=2&created_date__lte=${FAR}&cancellation_type=${type}&status=wait%69ng`);
    expect(reordered.count).toBe(want.length);
    expect(reordered.results).toEqual(plain.results);
    // The link is the request's own query with `page` set (DRF's `replace_query_param`): decoded,
    // sorted by name and written again (`wait%69ng` as `waiting`, `:` as `%3A`).
    expect(reordered.next).toBe(`http://localhost${REQUESTS}?cancellation_type=${type}&created_date__lte=2999-01-01T00%3A00%3A00.000000Z&limit=2&page=2&status=waiting`);
  });
});

describe('the hot request list after writes', () => {
  it('counts and pages the store as it is after a PATCH, a status move, a rejection and a create', async () => {
    const type = busiest();
    const waiting = expected('waiting', type, FAR);
    expect(waiting.length).toBeGreaterThan(3);
    const lte = [...mock.store.requests.values()].find((r) => r.id === waiting[1])!.created_date;
    await expectTrue('waiting', type, FAR);
    await expectTrue('waiting', type, lte);

    // A note changes no filed value: the same count, the same rows.
    expect((await mock.request(`${REQUESTS}${waiting[0]}/`, { method: 'PATCH', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: '{"description":"a note"}' })).status).toBe(200);
    expect((await list(query('waiting', type, FAR))).count).toBe(waiting.length);

    // A status move takes it out of one list and into another.
    const confirmedBefore = (await list(query('confirmed', type, FAR))).count;
    expect((await patchStatus(mock, waiting[0]!, 'confirmed')).status).toBe(200);
    expect((await list(query('waiting', type, FAR))).count).toBe(waiting.length - 1);
    expect((await list(query('confirmed', type, FAR))).count).toBe(confirmedBefore + 1);
    await expectTrue('waiting', type, lte);

    // A rejection, read back before and after (the count must not be the one kept from before).
    expect((await mock.postJson(`${REQUESTS}${waiting[2]}/reject/`, {})).status).toBe(200);
    await expectTrue('waiting', type, FAR);
    await expectTrue('rejected', type, FAR);

    // A create files a new waiting request: in the open list, not in one bounded before it.
    const bounded = (await list(query('waiting', type, lte))).count;
    const created = await createRequestVia(mock, createBody(mock.store, itemSupply(mock.store)(), type as 'cancel' | 'refund'));
    const open = await list(query('waiting', type, FAR));
    expect(open.results[0]!.id).toBe(created.id);
    await expectTrue('waiting', type, FAR);
    expect((await list(query('waiting', type, lte))).count).toBe(bounded);
  });
});
