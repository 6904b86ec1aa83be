import { beforeAll, describe, expect, it } from 'vitest';
import { createTestMock, type TestMock } from './support/test-mock.ts';

/**
 * `limit` and `page` are read with Python's `int()`, as DRF does: `_positive_int` for the page
 * size and Django's `Paginator.validate_number` for the page. So a sign and underscores between
 * digits are numbers (`%2B2` is 2, `1_0` is 10); an empty `page=` is page 1
 * (`query_params.get('page') or 1`); anything else is "Invalid page." for `page` and the default
 * size for `limit`.
 */
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 30 });
});

const PLANS = '/api/v1/cancellation_plans/';
const pks = (page: { results: Array<{ pk: number }> }) => page.results.map((r) => r.pk);

describe('a page number as DRF reads it', () => {
  it('takes a sign and underscores between digits', async () => {
    const second = pks(await mock.getJson(`${PLANS}?limit=3&page=2`));
    expect(second).toHaveLength(3);
    for (const page of ['%2B2', '+2', '%202%20', '0_2']) {
      expect(pks(await mock.getJson(`${PLANS}?limit=3&page=${page}`)), page).toEqual(second);
    }
  });

  it('reads an empty page as page 1, and answers 404 "Invalid page." for the rest', async () => {
    expect(pks(await mock.getJson(`${PLANS}?limit=3&page=`))).toEqual(pks(await mock.getJson(`${PLANS}?limit=3`)));
    for (const page of ['0', '-1', '%2D1', '1__0', '_1', '1_', '2.0', 'x', '1e1']) {
      expect(await mock.getJson(`${PLANS}?limit=3&page=${page}`, 404), page).toEqual({ detail: 'Invalid page.', code: 'not_found' });
    }
  });

  it('reads a limit the same way, and falls back to the default size for what int() refuses', async () => {
    expect(pks(await mock.getJson(`${PLANS}?limit=1_2`))).toHaveLength(12);
    expect(pks(await mock.getJson(`${PLANS}?limit=%2B4`))).toHaveLength(4);
    for (const limit of ['-4', '0', '4.0', '1__2', '']) {
      expect(pks(await mock.getJson(`${PLANS}?limit=${limit}`)), limit).toHaveLength(10);
    }
  });
});

describe('a page number on a sales-channel sync feed', () => {
  it('is read the same way as on every list (a bad one is page 1 there)', async () => {
    const channel = mock.store.orders.get(mock.store.plans.values().next().value!.order)!.channel;
    const feed = `/api/channel/${channel}/cancellation_plans/inserts_or_updates/`;
    const ids = (rows: Array<{ pk: number }>) => rows.map((r) => r.pk);
    const all = ids(await mock.getJson(`${feed}?limit=1000`));
    expect(all.length).toBeGreaterThan(3);
    for (const page of ['2', '%2B2', '0_2']) expect(ids(await mock.getJson(`${feed}?limit=2&page=${page}`)), page).toEqual(all.slice(2, 4));
    for (const page of ['x', '0', '1__0']) expect(ids(await mock.getJson(`${feed}?limit=2&page=${page}`)), page).toEqual(all.slice(0, 2));
  });
});
