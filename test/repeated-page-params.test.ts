import { beforeAll, describe, expect, it } from 'vitest';
import { createTestMock, type TestMock } from './support/test-mock.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';

/**
 * A repeated `limit`, `page` or `ordering` means its last value, as DRF reads one
 * (`request.query_params.get`, Django's `QueryDict`, keeps the last) and as the mock's filters
 * and the contract harness's pagination check already did. The mock took the first before.
 */
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 30 });
});

const pks = (page: { results: Array<{ pk?: number; id?: number }> }) => page.results.map((r) => r.pk ?? r.id);

describe('a repeated page parameter', () => {
  it('pages a plan list by the last limit and the last page', async () => {
    const three = await mock.getJson('/api/v1/cancellation_plans/?limit=3');
    const second = await mock.getJson('/api/v1/cancellation_plans/?limit=3&page=2');
    expect(pks(await mock.getJson('/api/v1/cancellation_plans/?limit=7&limit=3'))).toEqual(pks(three));
    expect(pks(await mock.getJson('/api/v1/cancellation_plans/?limit=3&page=5&page=2'))).toEqual(pks(second));
  });

  it('pages a request list by the last limit (the quick path and the parsed one)', async () => {
    const two = await mock.getJson('/api/v1/cancellation_requests/?limit=2');
    expect(pks(await mock.getJson('/api/v1/cancellation_requests/?limit=9&limit=2'))).toEqual(pks(two));
    // An escape makes the list parse the query: the same answer.
    expect(pks(await mock.getJson('/api/v1/cancellation_requests/?limit=9&limit=%32'))).toEqual(pks(two));
  });

  it('pages a sales-channel sync feed by the last limit and page', async () => {
    const channel = mock.store.orders.get(mock.store.plans.values().next().value!.order)!.channel;
    const feed = `/api/channel/${channel}/cancellation_plans/inserts_or_updates/`;
    const all = (await mock.getJson(`${feed}?limit=1000`)) as Array<{ pk: number }>;
    expect(all.length).toBeGreaterThan(3);
    const page2 = (await mock.getJson(`${feed}?limit=50&page=3&limit=2&page=2`)) as Array<{ pk: number }>;
    expect(page2.map((p) => p.pk)).toEqual(all.slice(2, 4).map((p) => p.pk));
  });
});

describe('a repeated ordering on a generic list', () => {
  it('orders by the last value', async () => {
    const widgets = await widgetMock();
    for (const name of ['Alfa', 'Zulu', 'Mike']) expect((await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, name })).status).toBe(201);
    const names = async (q: string) => ((await widgets.getJson(`/api/v1/widgets/?limit=1000&${q}`)).results as Array<{ name: string }>).map((w) => w.name);
    const descending = await names('ordering=-name');
    expect(descending).not.toEqual(await names('ordering=name'));
    expect(await names('ordering=name&ordering=-name')).toEqual(descending);
  });
});

describe('a fragment in the request URL', () => {
  it('is no query: a `?` inside it pages and filters nothing', async () => {
    for (const list of ['/api/v1/cancellation_requests/', '/api/v1/cancellation_plans/']) {
      const plain = await mock.getJson(list);
      expect(await mock.getJson(`${list}#x?limit=2&page=3`), list).toEqual(plain);
      expect(await mock.getJson(`${list}#x?status=no_such_status&page=999`), list).toEqual(plain);
    }
    const widgets = await widgetMock();
    expect(await widgets.getJson('/api/v1/widgets/#x?limit=2&page=2')).toEqual(await widgets.getJson('/api/v1/widgets/'));
  });
});
